using System.Net.Http.Headers;
using System.Text;
using Libsql.Client;
using Libsql.Client.Hrana;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The statements the hosting integration runs itself (dashboard commands, init scripts), each call one Hrana v2
/// pipeline (JSON) over HTTP, written and read with Libsql.Client's Hrana model. Not through <c>LibsqlClient</c>: a
/// dashboard command reports sqld's refusal (status and text) as sqld gave it, and makes exactly one request.
/// </summary>
internal static class LibsqlHranaQuery
{
    /// <summary>Runs each statement and returns its rows, each value as text (null for SQL NULL).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string?[]>>> RunAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var results = await PipelineAsync(http, token, namespaceName, [.. statements.Select(Execute)], cancellationToken).ConfigureAwait(false);
        var output = new List<IReadOnlyList<string?[]>>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var rows = Ok<HranaExecuteStreamResponse>(results[i]).Result.Rows;
            output.Add([.. rows.Select(row => row.Select(value => value.Type == HranaValueType.Null ? null : new LibsqlValue(value).ToString()).ToArray())]);
        }

        return output;
    }

    /// <summary>
    /// Runs one statement as the user wrote it and returns its columns, its rows and the affected-row count. A refusal
    /// by sqld (HTTP status or statement error) throws <see cref="LibsqlHranaException"/> with sqld's own text.
    /// </summary>
    public static async Task<LibsqlStatementResult> ExecuteAsync(HttpClient http, string? token, string? namespaceName, string sql, CancellationToken cancellationToken)
    {
        var results = await PipelineAsync(http, token, namespaceName, [Execute(sql)], cancellationToken).ConfigureAwait(false);
        var result = Ok<HranaExecuteStreamResponse>(results[0]).Result;
        return new LibsqlStatementResult(
            [.. result.Cols.Select(column => column.Name ?? "")],
            [.. result.Rows.Select(row => row.Select(value => new LibsqlValue(value)).ToArray())],
            result.AffectedRowCount);
    }

    /// <summary>
    /// Runs the statements as one Hrana batch inside <c>BEGIN IMMEDIATE</c> ... <c>COMMIT</c>, each step only if the one
    /// before it succeeded, and <c>ROLLBACK</c> unless the commit succeeded: all of them take effect or none. A failing
    /// step throws <see cref="LibsqlHranaException"/> naming the statement.
    /// </summary>
    public static async Task RunInTransactionAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        if (await TryRunInTransactionAsync(http, token, namespaceName, statements, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            throw new LibsqlHranaException(failure.Index < 0 || failure.Index >= statements.Count
                ? failure.Message
                : $"{failure.Message} (in: {statements[failure.Index]})");
        }
    }

    /// <summary>As <see cref="RunInTransactionAsync"/>, but a failing step is returned rather than thrown.</summary>
    /// <returns>Null when everything was committed; else the index of the failing statement (-1 for BEGIN,
    /// <paramref name="statements"/>.Count for COMMIT) and sqld's error message.</returns>
    public static async Task<(int Index, string Message)?> TryRunInTransactionAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var steps = new List<HranaBatchStep> { Step("BEGIN IMMEDIATE", previous: null) };
        foreach (var sql in statements)
        {
            steps.Add(Step(sql, previous: steps.Count - 1));
        }

        var commit = steps.Count;
        steps.Add(Step("COMMIT", previous: commit - 1));
        steps.Add(new HranaBatchStep
        {
            Condition = new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = (uint)commit } },
            Stmt = new HranaStatement { Sql = "ROLLBACK" },
        });

        var batch = new HranaBatchStreamRequest { Batch = new HranaBatch { Steps = steps } };
        var results = await PipelineAsync(http, token, namespaceName, [batch], cancellationToken).ConfigureAwait(false);
        var result = Ok<HranaBatchStreamResponse>(results[0]).Result;
        if (StepAt(result.StepResults, commit) is not null)
        {
            return null;
        }

        // The first step that failed says why; the ones after it did not run.
        for (var i = 0; i <= commit; i++)
        {
            if (StepAt(result.StepErrors, i) is { } error)
            {
                return (i - 1, error.Message);
            }
        }

        throw new LibsqlHranaException("The transaction did not commit and sqld gave no reason.");
    }

    private static HranaExecuteStreamRequest Execute(string sql) => new() { Stmt = new HranaStatement { Sql = sql } };

    private static HranaBatchStep Step(string sql, int? previous) => new()
    {
        Condition = previous is { } index ? new HranaOkBatchCondition { Step = (uint)index } : null,
        Stmt = new HranaStatement { Sql = sql },
    };

    // A batch result's lists may be shorter than the batch: an index past the end is a step that did not run.
    private static T? StepAt<T>(IReadOnlyList<T?> list, int index)
        where T : class => index < list.Count ? list[index] : null;

    /// <summary>The response of a successful pipeline result; sqld's error text otherwise.</summary>
    private static T Ok<T>(HranaStreamResult result)
        where T : HranaStreamResponse => result switch
        {
            HranaStreamResultOk { Response: T response } => response,
            HranaStreamResultError { Error: var error } => throw new LibsqlHranaException($"{error.Message}{(error.Code is null ? "" : $" ({error.Code})")}"),
            _ => throw new LibsqlHranaException($"sqld answered {result.GetType().Name} where {typeof(T).Name} was expected."),
        };

    private static async Task<IReadOnlyList<HranaStreamResult>> PipelineAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<HranaStreamRequest> requests, CancellationToken cancellationToken)
    {
        var body = new HranaPipelineRequest { Requests = [.. requests, new HranaCloseStreamRequest()] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/pipeline")
        {
            Content = new ByteArrayContent(HranaJson.Serialize(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        Authorize(request, token, namespaceName);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw LibsqlHranaException.FromResponse(response.StatusCode, Encoding.UTF8.GetString(bytes));
        }

        HranaPipelineResponse pipeline;
        try
        {
            pipeline = HranaJson.DeserializePipelineResponse(bytes);
        }
        catch (HranaFormatException ex)
        {
            throw new LibsqlHranaException($"sqld's answer is not a Hrana pipeline response: {ex.Message}");
        }

        return pipeline.Results.Count > requests.Count
            ? pipeline.Results
            : throw new LibsqlHranaException($"sqld answered {pipeline.Results.Count} results to {requests.Count + 1} requests.");
    }

    /// <summary>Adds the bearer token (if any) and the namespace header (if namespaces are on).</summary>
    public static void Authorize(HttpRequestMessage request, string? token, string? namespaceName)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (namespaceName is not null)
        {
            request.Headers.Add("x-namespace", namespaceName);
        }
    }
}
