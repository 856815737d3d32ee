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
