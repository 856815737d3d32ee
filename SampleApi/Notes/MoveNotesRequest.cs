using System.ComponentModel.DataAnnotations;

namespace SampleApi.Notes;

/// <summary>Moves notes into one folder, all or none.</summary>
public sealed record MoveNotesRequest : IValidatableObject
{
    /// <summary>The most notes one move takes, so that one request holds the write lock only briefly.</summary>
    public const int MaxNotes = 100;

    /// <summary>The notes to move: 1 to 100 distinct ids.</summary>
    [Required]
    [Length(1, MaxNotes)]
    public IReadOnlyList<long>? NoteIds { get; init; }

    /// <summary>The folder that receives them.</summary>
    [Required]
    [Range(1, long.MaxValue)]
    public long? FolderId { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (NoteIds is null)
        {
            yield break;
        }

        if (NoteIds.Any(id => id <= 0))
        {
            yield return new ValidationResult("Note ids are positive integers.", [nameof(NoteIds)]);
        }

        if (NoteIds.Distinct().Count() != NoteIds.Count)
        {
            yield return new ValidationResult("Each note id may appear only once.", [nameof(NoteIds)]);
        }
    }
}
