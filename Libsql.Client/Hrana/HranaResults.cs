namespace Libsql.Client.Hrana;

/// <summary>Maps Hrana results to the public result types and picks responses out of pipelines.</summary>
internal static class HranaResults
{
    public static LibsqlColumnSet Columns(IReadOnlyList<HranaColumn> columns)
    {
        var list = new LibsqlColumn[columns.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new LibsqlColumn(columns[i].Name ?? "", columns[i].Decltype);
        }

        return new LibsqlColumnSet(list);
    }

    public static LibsqlResultSet ToResultSet(HranaStatementResult result)
    {
        var columns = Columns(result.Cols);
        var rows = new LibsqlRow[result.Rows.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new LibsqlRow(columns, result.Rows[i]);
        }

        return new LibsqlResultSet(columns, rows, result.AffectedRowCount, result.LastInsertRowid);
    }

    /// <summary>The response of request <paramref name="index"/>, or the exception its error maps to.</summary>
    public static T Response<T>(LibsqlClient client, HranaPipelineResponse pipeline, int index, string? sql)
        where T : HranaStreamResponse
    {
        if (pipeline.Results.Count <= index)
        {
            throw LibsqlErrors.Protocol($"The libSQL server answered {pipeline.Results.Count} results for a pipeline of at least {index + 1} requests.");
        }

        return pipeline.Results[index] switch
        {
            HranaStreamResultOk { Response: T response } => response,
            HranaStreamResultError error => throw client.Error(error.Error, sql),
            var other => throw LibsqlErrors.Protocol($"The libSQL server answered {other.GetType().Name} where {typeof(T).Name} was expected."),
        };
    }

    public static LibsqlDescribeResult ToDescribe(HranaDescribeResult result) => new(
        [.. result.Params.Select(p => p.Name)],
        [.. result.Cols.Select(c => new LibsqlColumn(c.Name, c.Decltype))],
        result.IsExplain,
        result.IsReadonly);
}
