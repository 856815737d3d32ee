namespace Libsql.Client.Hrana;

/// <summary>A step started; its rows follow.</summary>
internal sealed class HranaStepBeginEntry : HranaCursorEntry
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; set; }

    /// <summary>The step's columns.</summary>
    public IReadOnlyList<HranaColumn> Cols { get; set; } = [];
}
