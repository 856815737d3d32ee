using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>Talks to sqld directly (Hrana v2 over HTTP, JSON) to check what the server itself allows.</summary>
internal static class Hrana
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> ExecuteAsync(Uri server, string? token, string? namespaceName, string sql, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var body = new JsonObject
        {
            ["baton"] = null,
            ["requests"] = new JsonArray(
                new JsonObject { ["type"] = "execute", ["stmt"] = new JsonObject { ["sql"] = sql } },
                new JsonObject { ["type"] = "close" }),
        };
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

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>
    /// Runs statements on a new stream and leaves it open (no close request), as a client that dies mid-transaction
    /// does: after <c>BEGIN</c> and a write, the stream holds sqld's write lock until sqld takes it back.
    /// </summary>
    public static async Task<HttpStatusCode> LeaveOpenAsync(Uri server, string token, IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var requests = new JsonArray([.. statements.Select(sql => (JsonNode)new JsonObject { ["type"] = "execute", ["stmt"] = new JsonObject { ["sql"] = sql } })]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/pipeline")
        {
            Content = new StringContent(new JsonObject { ["baton"] = null, ["requests"] = requests }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.All(body?["results"]?.AsArray() ?? [], result => Assert.Equal("ok", (string?)result?["type"]));
        return response.StatusCode;
    }

    /// <summary>The first value of the first row of a successful single-statement pipeline.</summary>
    public static string? FirstValue(JsonNode? body) =>
        body?["results"]?[0]?["response"]?["result"]?["rows"]?[0]?[0]?["value"]?.ToString();

    public static bool StatementSucceeded(JsonNode? body) => (string?)body?["results"]?[0]?["type"] == "ok";
}
