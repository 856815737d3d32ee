namespace Libsql.LoadBench;

/// <summary>The after-load checks: acknowledged writes read back, folder counts, moved notes' whereabouts.</summary>
/// <param name="NotesReadBack">Acknowledged notes read back through the API (title, body and folder compared).</param>
/// <param name="FoldersChecked">Folders whose listed notes were counted against their note_count.</param>
/// <param name="MovingNotesChecked">Shared notes whose final folder was checked against the acknowledged moves.</param>
/// <param name="Problems">Everything that did not hold; empty when all did.</param>
internal sealed record LoadVerification(int NotesReadBack, int FoldersChecked, int MovingNotesChecked, IReadOnlyList<string> Problems);
