using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A result column (<c>Col</c>): name and declared type, both possibly null.</summary>
internal sealed class HranaColumn
{
    /// <summary>The column name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }

    /// <summary>The declared type, verbatim from the schema; null for expressions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Decltype { get; init; }
}
