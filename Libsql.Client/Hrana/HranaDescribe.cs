using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The result of <c>describe</c>.</summary>
internal sealed class HranaDescribeResult
{
    /// <summary>Parameters, index 0 = parameter 1.</summary>
    public IReadOnlyList<HranaDescribeParameter> Params { get; set; } = [];

    /// <summary>Result columns.</summary>
    public IReadOnlyList<HranaDescribeColumn> Cols { get; set; } = [];

    /// <summary>Whether the statement is an EXPLAIN.</summary>
    public bool IsExplain { get; set; }

    /// <summary>Whether the statement leaves the database unchanged.</summary>
    public bool IsReadonly { get; set; }
}

/// <summary>A statement parameter; the name includes its prefix, null for a bare <c>?</c>.</summary>
internal sealed class HranaDescribeParameter
{
    /// <summary>The parameter name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }
}

/// <summary>A column of a described statement.</summary>
internal sealed class HranaDescribeColumn
{
    /// <summary>The column name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The declared type, null for expressions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Decltype { get; init; }
}
