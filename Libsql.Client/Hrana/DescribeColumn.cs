namespace Libsql.Client.Hrana;

/// <summary>A column of a described statement.</summary>
internal sealed class DescribeColumn
{
    /// <summary>The column name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The declared type, null for expressions.</summary>
    public string? Decltype { get; init; }
}
