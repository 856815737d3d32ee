using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A statement parameter; the name includes its prefix, null for a bare <c>?</c>.</summary>
internal sealed class HranaDescribeParameter
{
    /// <summary>The parameter name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }
}
