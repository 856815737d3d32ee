using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A column of a described statement.</summary>
internal sealed class HranaDescribeColumn
{
    /// <summary>The column name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The declared type, null for expressions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Decltype { get; init; }
}
