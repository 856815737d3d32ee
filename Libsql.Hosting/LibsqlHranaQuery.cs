using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The few read-only statements the dashboard commands run, sent as one Hrana v2 pipeline (JSON) over HTTP. The DOM
/// API keeps it reflection-free without a model of the whole protocol (Libsql.Client owns that).
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

        var results = JsonNode.Parse(text)?["results"]?.AsArray() ?? throw new InvalidOperationException("sqld's answer has no results.");
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
}
