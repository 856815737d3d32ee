using System.ComponentModel.DataAnnotations;

namespace SampleApi.Notes;

/// <summary>The body of a note create or update.</summary>
public sealed record NoteRequest
{
    /// <summary>The title: 1 to 200 characters, not only white space.</summary>
    [Required]
    [StringLength(200)]
    public string? Title { get; init; }

    /// <summary>The text, up to 10,000 characters; empty when left out.</summary>
    [StringLength(10_000)]
    public string? Body { get; init; }
}
