namespace Libsql.Client.Hrana;

/// <summary>A step failed.</summary>
internal sealed class HranaStepErrorEntry : HranaCursorEntry
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }

    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}
