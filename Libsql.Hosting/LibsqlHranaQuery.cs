using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The few statements the hosting integration runs itself (the dashboard commands' reads, init scripts), sent as Hrana
/// v2 pipelines (JSON) over HTTP. The DOM API keeps it reflection-free without a model of the whole protocol
/// (Libsql.Client owns that).
/// </summary>
internal static class LibsqlHranaQuery
{
    /// <summary>Runs each statement and returns its rows, each value as text (null for SQL NULL).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string?[]>>> RunAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var requests = new JsonArray();
        foreach (var sql in statements)
        {
            requests.Add(new JsonObject { ["type"] = "execute", ["stmt"] = new JsonObject { ["sql"] = sql } });
        }

        var results = await PipelineAsync(http, token, namespaceName, requests, cancellationToken).ConfigureAwait(false);
        var output = new List<IReadOnlyList<string?[]>>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var result = results[i];
            if ((string?)result?["type"] != "ok")
            {
                throw new InvalidOperationException($"Statement failed: {(string?)result?["error"]?["message"] ?? "unknown error"}");
            }

            var rows = new List<string?[]>();
            foreach (var row in result!["response"]?["result"]?["rows"]?.AsArray() ?? [])
            {
                rows.Add(row!.AsArray().Select(value => value?["value"] is JsonValue v ? v.ToString() : null).ToArray());
            }

            output.Add(rows);
        }

        return output;
    }

    /// <summary>
    /// Runs the statements in one transaction, as one Hrana batch: <c>BEGIN</c>, each statement only if the one before
    /// succeeded, <c>COMMIT</c> likewise, and <c>ROLLBACK</c> unless <c>COMMIT</c> succeeded. So either all apply or none.
    /// </summary>
    /// <returns>Null when everything was committed; else the index of the failing statement (-1 for BEGIN,
    /// <paramref name="statements"/>.Count for COMMIT) and the server's error message.</returns>
    public static async Task<(int Index, string Message)?> RunInTransactionAsync(HttpClient http, string? token, string? namespaceName, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        var steps = new JsonArray { Step("BEGIN", condition: null) };
        foreach (var sql in statements)
        {
            steps.Add(Step(sql, new JsonObject { ["type"] = "ok", ["step"] = steps.Count - 1 }));
        }

        var commit = steps.Count;
        steps.Add(Step("COMMIT", new JsonObject { ["type"] = "ok", ["step"] = commit - 1 }));
        steps.Add(Step("ROLLBACK", new JsonObject { ["type"] = "not", ["cond"] = new JsonObject { ["type"] = "ok", ["step"] = commit } }));

        var requests = new JsonArray { new JsonObject { ["type"] = "batch", ["batch"] = new JsonObject { ["steps"] = steps } } };
        var result = (await PipelineAsync(http, token, namespaceName, requests, cancellationToken).ConfigureAwait(false))[0];
        if ((string?)result?["type"] != "ok")
        {
            throw new InvalidOperationException($"sqld refused the batch: {(string?)result?["error"]?["message"] ?? "unknown error"}");
        }

        var batch = result!["response"]?["result"];
        var errors = batch?["step_errors"]?.AsArray() ?? [];
        for (var step = 0; step <= commit; step++)
        {
            if (step < errors.Count && errors[step] is JsonObject error)
            {
                return (step - 1, (string?)error["message"] ?? "unknown error");
            }
        }

        var results = batch?["step_results"]?.AsArray() ?? [];
        return commit < results.Count && results[commit] is not null
            ? null
            : throw new InvalidOperationException("sqld did not run the batch's COMMIT although no step failed.");
    }

    private static JsonObject Step(string sql, JsonObject? condition)
    {
        var step = new JsonObject { ["stmt"] = new JsonObject { ["sql"] = sql, ["want_rows"] = false } };
        if (condition is not null)
        {
            step["condition"] = condition;
        }

        return step;
    }

    /// <summary>Sends the requests plus a <c>close</c> on a fresh stream; returns the requests' results.</summary>
    private static async Task<JsonArray> PipelineAsync(HttpClient http, string? token, string? namespaceName, JsonArray requests, CancellationToken cancellationToken)
    {
        requests.Add(new JsonObject { ["type"] = "close" });
        var body = new JsonObject { ["baton"] = null, ["requests"] = requests };

        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/pipeline")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (namespaceName is not null)
        {
            request.Headers.Add("x-namespace", namespaceName);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sqld answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)?["results"]?.AsArray() ?? throw new InvalidOperationException("sqld's answer has no results.");
    }
}
