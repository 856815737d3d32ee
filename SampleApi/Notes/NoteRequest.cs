using System.ComponentModel.DataAnnotations;
using SampleApi.Infrastructure;

namespace SampleApi.Notes;

/// <summary>The body of a note create or update.</summary>
public sealed record NoteRequest
{
    /// <summary>The title: 1 to 200 characters, not only white space, one line without control or bidirectional formatting characters.</summary>
    [Required]
    [StringLength(200)]
    [PlainText]
    public string? Title { get; init; }

    /// <summary>The text, up to 10,000 characters, without control characters other than tabs and line breaks; empty when left out.</summary>
    [StringLength(10_000)]
    [PlainText(Multiline = true)]
    public string? Body { get; init; }
}
