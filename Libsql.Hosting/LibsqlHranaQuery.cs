using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The statements the hosting integration runs itself (dashboard commands, init scripts), each call one Hrana v2
/// pipeline (JSON) over HTTP. The DOM API keeps it reflection-free without a model of the whole protocol (Libsql.Client
/// owns that).
/// </summary>
internal static class LibsqlHranaQuery
{
    /// <summary>Runs each statement and returns its rows, each value as text (null for SQL NULL).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string?[]>>> RunAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var requests = new JsonArray();
        foreach (var sql in statements)
        {
            requests.Add(Execute(sql));
        }

        var results = await PipelineAsync(http, token, namespaceName, requests, cancellationToken).ConfigureAwait(false);
        var output = new List<IReadOnlyList<string?[]>>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var rows = new List<string?[]>();
            foreach (var row in Ok(results[i])["result"]?["rows"]?.AsArray() ?? [])
            {
                rows.Add(row!.AsArray().Select(value => value?["value"] is JsonValue v ? v.ToString() : null).ToArray());
            }

            output.Add(rows);
        }

        return output;
    }

    /// <summary>
    /// Runs one statement as the user wrote it and returns its columns and rows as Hrana values (typed JSON), with the
    /// affected-row count. A refusal by sqld (HTTP status or statement error) throws <see cref="LibsqlHranaException"/>
    /// with sqld's own text.
    /// </summary>
    public static async Task<LibsqlStatementResult> ExecuteAsync(HttpClient http, string? token, string? namespaceName, string sql, CancellationToken cancellationToken)
    {
        var results = await PipelineAsync(http, token, namespaceName, [Execute(sql)], cancellationToken).ConfigureAwait(false);
        var result = Ok(results[0])["result"];
        var columns = result?["cols"]?.AsArray().Select(column => (string?)column?["name"] ?? "").ToList() ?? [];
        var rows = result?["rows"]?.AsArray().Select(row => row!.AsArray().ToList()).ToList() ?? [];
        var affected = result?["affected_row_count"]?.GetValue<long>() ?? 0;
        return new LibsqlStatementResult(columns, rows, affected);
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
        var steps = new JsonArray { Step("BEGIN IMMEDIATE", previous: null) };
        foreach (var sql in statements)
        {
            steps.Add(Step(sql, previous: steps.Count - 1));
        }

        var commit = steps.Count;
        steps.Add(Step("COMMIT", previous: commit - 1));
        steps.Add(new JsonObject
        {
            ["condition"] = new JsonObject { ["type"] = "not", ["cond"] = new JsonObject { ["type"] = "ok", ["step"] = commit } },
            ["stmt"] = new JsonObject { ["sql"] = "ROLLBACK" },
        });

        var results = await PipelineAsync(http, token, namespaceName, [new JsonObject { ["type"] = "batch", ["batch"] = new JsonObject { ["steps"] = steps } }], cancellationToken).ConfigureAwait(false);
        var batch = Ok(results[0])["result"];
        var stepResults = batch?["step_results"]?.AsArray();
        if (stepResults?[commit] is not null)
        {
            return null;
        }

        // The first step that failed says why; the ones after it did not run.
        var stepErrors = batch?["step_errors"]?.AsArray();
        for (var i = 0; i <= commit; i++)
        {
            if (stepErrors?[i] is { } error)
            {
                return (i - 1, (string?)error["message"] ?? "unknown error");
            }
        }

        throw new LibsqlHranaException("The transaction did not commit and sqld gave no reason.");
    }

    private static JsonObject Execute(string sql) => new() { ["type"] = "execute", ["stmt"] = new JsonObject { ["sql"] = sql } };

    private static JsonObject Step(string sql, int? previous)
    {
        var step = new JsonObject { ["stmt"] = new JsonObject { ["sql"] = sql } };
        if (previous is { } index)
        {
            step["condition"] = new JsonObject { ["type"] = "ok", ["step"] = index };
        }

        return step;
    }

    /// <summary>The <c>response</c> of a successful pipeline result; sqld's error text otherwise.</summary>
    private static JsonNode Ok(JsonNode? result)
    {
        if ((string?)result?["type"] != "ok")
        {
            var error = result?["error"];
            var code = (string?)error?["code"];
            throw new LibsqlHranaException($"{(string?)error?["message"] ?? "unknown error"}{(code is null ? "" : $" ({code})")}");
        }

        return result!["response"] ?? throw new LibsqlHranaException("sqld's answer has no response.");
    }

    private static async Task<JsonArray> PipelineAsync(HttpClient http, string? token, string? namespaceName, JsonArray requests, CancellationToken cancellationToken)
    {
        requests.Add(new JsonObject { ["type"] = "close" });
        var body = new JsonObject { ["baton"] = null, ["requests"] = requests };

        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/pipeline")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request, token, namespaceName);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw LibsqlHranaException.FromResponse(response.StatusCode, text);
        }

        return JsonNode.Parse(text)?["results"]?.AsArray() ?? throw new LibsqlHranaException("sqld's answer has no results.");
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
