using SampleApi.Folders;

namespace SampleApi.Notes;

/// <summary>The outcome of a move.</summary>
/// <param name="Folder">The receiving folder after the move.</param>
/// <param name="Moved">How many notes changed folder (notes already there are not counted).</param>
public sealed record MoveNotesResult(Folder Folder, int Moved);
