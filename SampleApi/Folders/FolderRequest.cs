using System.ComponentModel.DataAnnotations;

namespace SampleApi.Folders;

/// <summary>The body of a folder create or rename.</summary>
public sealed record FolderRequest
{
    /// <summary>The folder's name: 1 to 100 characters, not only white space.</summary>
    [Required]
    [StringLength(100)]
    public string? Name { get; init; }
}
