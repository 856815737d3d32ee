using System.Diagnostics;
using System.Net;
using Libsql.Auth;
using Libsql.TestServer;

namespace SampleApi.Tests;

/// <summary>Spans and logs: a request traces through to the libSQL client, and no token leaks into either.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private LibsqlTestServer _server = null!;
    private SampleApiFactory _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        _factory = new SampleApiFactory(_server.ConnectionString) { CaptureTelemetry = true };
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_request_yields_an_aspnetcore_span_with_a_libsql_client_child()
    {
        using var client = _factory.CreateClient();
        var folder = await client.CreateFolderAsync();
        _factory.Activities.Clear();

        using var response = await client.GetAsync($"/folders/{folder.Id}", Ct);
        await Api.ExpectAsync(response, HttpStatusCode.OK);

        var server = await WaitForAsync(() => _factory.Activities.Snapshot().SingleOrDefault(a =>
            a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && a.GetTagItem("http.route") is "/folders/{id:long}"));
        var spans = _factory.Activities.Snapshot();
        var database = spans.Where(a => a.Source.Name == "Libsql.Client").ToList();
        Assert.NotEmpty(database);
        var child = Assert.Single(database, a => a.ParentSpanId == server.SpanId);
        Assert.Equal(server.TraceId, child.TraceId);
        Assert.Equal(ActivityKind.Client, child.Kind);
    }

    [Fact]
    public async Task Health_probes_are_not_traced()
    {
        using var client = _factory.CreateClient();
        _factory.Activities.Clear();

        using var health = await client.GetAsync("/health", Ct);
        using var alive = await client.GetAsync("/alive", Ct);
        var folder = await client.CreateFolderAsync();
        await WaitForAsync(() => _factory.Activities.Snapshot().FirstOrDefault(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") is "/folders"));

        Assert.DoesNotContain(_factory.Activities.Snapshot(), a =>
            a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && a.ParentSpanId == default &&
            a.GetTagItem("url.path") is "/health" or "/alive");
        Assert.True(folder.Id > 0);
    }

    [Fact]
    public async Task No_token_appears_in_any_log_line_or_span()
    {
        var token = TokenOf(_server.ConnectionString);
        var readOnlyToken = _server.MintToken(LibsqlTokenOptions.ReadOnlyAccess);
        await using var readOnly = new SampleApiFactory($"Endpoint={_server.Uri.GetLeftPart(UriPartial.Authority)};AuthToken={readOnlyToken}")
        {
            CaptureTelemetry = true,
        };

        // Successes, a constraint error, a validation error and a forbidden write: every path that logs or tags.
        using var client = _factory.CreateClient();
        var folder = await client.CreateFolderAsync();
        await client.CreateNoteAsync(folder.Id, "t");
        using (var conflict = await client.SendJsonAsync(HttpMethod.Post, $"/folders/{folder.Id}/notes", """{"title":"t"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        using (var invalid = await client.SendJsonAsync(HttpMethod.Post, "/folders", "{}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using var readOnlyClient = readOnly.CreateClient();
        Assert.Equal(folder.Id, (await readOnlyClient.GetFolderAsync(folder.Id)).Id);
        using (var forbidden = await readOnlyClient.SendJsonAsync(HttpMethod.Post, "/folders", """{"name":"x"}"""))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, forbidden.StatusCode);
        }

        await WaitForAsync(() => readOnly.Activities.Snapshot().FirstOrDefault(a => a.Kind == ActivityKind.Server && a.GetTagItem("http.response.status_code") is 503));

        var secrets = new[] { token, readOnlyToken, token.Split('.')[2], readOnlyToken.Split('.')[2] };
        var logs = _factory.Logs.GetSnapshot().Concat(readOnly.Logs.GetSnapshot()).ToList();
        var spans = _factory.Activities.Snapshot().Concat(readOnly.Activities.Snapshot()).ToList();
        Assert.Contains(logs, record => record.Exception is not null);
        Assert.Contains(spans, span => span.Source.Name == "Libsql.Client" && span.Status == ActivityStatusCode.Error);
        Assert.Contains(spans, span => span.Source.Name == "Libsql.Client" && span.Status != ActivityStatusCode.Error);

        foreach (var record in logs)
        {
            var text = string.Join('\n',
                record.Message,
                string.Join('\n', record.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? []),
                string.Join('\n', record.Scopes.Select(s => s?.ToString())),
                record.Exception?.ToString());
            AssertNoSecret(secrets, text, $"log {record.Category}");
        }

        foreach (var span in spans)
        {
            var text = string.Join('\n',
                span.DisplayName,
                span.StatusDescription,
                string.Join('\n', span.TagObjects.Select(t => $"{t.Key}={t.Value}")),
                string.Join('\n', span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}"))),
                string.Join('\n', span.Baggage.Select(b => $"{b.Key}={b.Value}")));
            AssertNoSecret(secrets, text, $"span {span.Source.Name} {span.DisplayName}");
        }
    }

    private static void AssertNoSecret(string[] secrets, string text, string where)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A token appears in {where}.");
        }
    }

    private static string TokenOf(string connectionString)
    {
        const string key = "AuthToken=";
        var part = connectionString.Split(';').Single(p => p.StartsWith(key, StringComparison.OrdinalIgnoreCase));
        return part[key.Length..];
    }

    private static async Task<Activity> WaitForAsync(Func<Activity?> find)
    {
        // The server span ends just after the response has been handed back, so give it a moment.
        for (var i = 0; i < 100; i++)
        {
            if (find() is { } activity)
            {
                return activity;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("The expected span was not exported.");
        return null!;
    }
}
