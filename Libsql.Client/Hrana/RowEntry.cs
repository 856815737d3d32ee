namespace Libsql.Client.Hrana;

/// <summary>One row of the current step.</summary>
internal sealed class HranaRowEntry : HranaCursorEntry
{
    /// <summary>The values.</summary>
    public HranaValue[] Row { get; set; } = [];
}
