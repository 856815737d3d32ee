using System.ComponentModel.DataAnnotations;
using SampleApi.Infrastructure;

namespace SampleApi.Folders;

/// <summary>The body of a folder create or rename.</summary>
public sealed record FolderRequest
{
    /// <summary>The folder's name: 1 to 100 characters, not only white space, one line without control or bidirectional formatting characters.</summary>
    [Required]
    [StringLength(100)]
    [PlainText]
    public string? Name { get; init; }
}
