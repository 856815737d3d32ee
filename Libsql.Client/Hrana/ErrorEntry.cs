namespace Libsql.Client.Hrana;

/// <summary>The whole batch failed; always the last entry.</summary>
internal sealed class HranaErrorEntry : HranaCursorEntry
{
    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}
