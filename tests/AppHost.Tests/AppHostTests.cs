#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Tests;

// One collection: the AppHosts share the generated signing key in the tests' user secrets, so they must not start at once.
[Collection(nameof(AppHostTests))]
public sealed class AppHostTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private readonly DistributedApplication _app = fixture.App;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Sqld_the_database_and_both_SampleApi_instances_are_healthy()
    {
        foreach (var name in new[] { "db", "reports", "api", "api-readonly" })
        {
            Assert.True(_app.ResourceNotifications.TryGetCurrentState(name, out var state), name);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }

        Assert.IsType<LibsqlExecutableResource>(_app.Resource("db"));
    }

    [Fact]
    public async Task SampleApi_creates_reads_updates_and_deletes_through_sqld()
    {
        using var api = _app.Client("api");
        var name = $"crud-{Guid.NewGuid():N}";

        using var created = await api.PostAsJsonAsync("/folders", new { name }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var folderId = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;

        using var noteCreated = await api.PostAsJsonAsync($"/folders/{folderId}/notes", new { title = "first", body = "hello" }, Token);
        Assert.Equal(HttpStatusCode.Created, noteCreated.StatusCode);
        var noteId = (long)(await noteCreated.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;

        using var updated = await api.PutAsJsonAsync($"/notes/{noteId}", new { title = "first", body = "changed" }, Token);
        Assert.True(updated.IsSuccessStatusCode, updated.StatusCode.ToString());
        var note = await api.GetFromJsonAsync<JsonObject>($"/notes/{noteId}", Token);
        Assert.Equal("changed", (string?)note!["body"]);

        // The row is in sqld itself, as the server's own token sees it.
        var db = await _app.ConnectionStringAsync("db", Token);
        var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], null, $"SELECT body FROM notes WHERE id = {noteId}", Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("changed", Hrana.FirstValue(body));

        using var deleted = await api.DeleteAsync($"/notes/{noteId}", Token);
        Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        using var gone = await api.GetAsync($"/notes/{noteId}", Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Sqld_answers_401_without_a_valid_token()
    {
        var db = await _app.ConnectionStringAsync("db", Token);
        var endpoint = new Uri(db["Endpoint"]);

        var (none, _) = await Hrana.ExecuteAsync(endpoint, null, null, "SELECT 1", Token);
        var (forged, _) = await Hrana.ExecuteAsync(endpoint, db["AuthToken"][..^4] + "AAAA", null, "SELECT 1", Token);
        var (valid, _) = await Hrana.ExecuteAsync(endpoint, db["AuthToken"], null, "SELECT 1", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, none);
        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(HttpStatusCode.OK, valid);
    }

    [Fact]
    public async Task The_read_only_consumer_reads_but_cannot_write()
    {
        using var readOnly = _app.Client("api-readonly");

        using var list = await readOnly.GetAsync("/folders", Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var write = await readOnly.PostAsJsonAsync("/folders", new { name = $"ro-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Contains("Read-only", await write.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        var ro = await _app.ConnectionStringAsync("db-readonly", Token);
        var endpoint = new Uri(ro["Endpoint"]);
        var (read, _) = await Hrana.ExecuteAsync(endpoint, ro["AuthToken"], null, "SELECT count(*) FROM folders", Token);
        var (insert, _) = await Hrana.ExecuteAsync(endpoint, ro["AuthToken"], null, "INSERT INTO folders (name) VALUES ('nope')", Token);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(HttpStatusCode.Forbidden, insert);
    }

    [Fact]
    public async Task The_namespace_database_is_reachable_only_with_its_token()
    {
        var reports = await _app.ConnectionStringAsync("reports", Token);
        var endpoint = new Uri(reports["Endpoint"]);
        Assert.Equal("reports", reports["Namespace"]);
        var table = $"t{Guid.NewGuid():N}";

        var (create, createBody) = await Hrana.ExecuteAsync(endpoint, reports["AuthToken"], "reports", $"CREATE TABLE {table} (x)", Token);
        Assert.Equal(HttpStatusCode.OK, create);
        Assert.True(Hrana.StatementSucceeded(createBody), createBody?.ToJsonString());

        var (otherNamespace, _) = await Hrana.ExecuteAsync(endpoint, reports["AuthToken"], "default", "SELECT 1", Token);
        var (noToken, _) = await Hrana.ExecuteAsync(endpoint, null, "reports", "SELECT 1", Token);
        Assert.Equal(HttpStatusCode.NotFound, otherNamespace);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);

        // The table lives in 'reports', not in the default namespace.
        var db = await _app.ConnectionStringAsync("db", Token);
        var (_, lookup) = await Hrana.ExecuteAsync(endpoint, db["AuthToken"], "default", $"SELECT count(*) FROM sqlite_schema WHERE name = '{table}'", Token);
        Assert.Equal("0", Hrana.FirstValue(lookup));
    }

    [Fact]
    public async Task The_mint_token_command_returns_a_working_read_only_token()
    {
        var arguments = new InteractionInputCollection(
        [
            new InteractionInput { Name = "access", InputType = InputType.Choice, Value = "ro", Options = [new("rw", "Read-write"), new("ro", "Read-only")] },
            new InteractionInput { Name = "expiresInHours", InputType = InputType.Number, Value = "1" },
        ]);

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-mint-token", arguments, Token);

        Assert.True(result.Success, result.Message);
        var token = Assert.IsType<CommandResultData>(result.Data).Value;
        var db = await _app.ConnectionStringAsync("db", Token);
        var (read, _) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), token, null, "SELECT 1", Token);
        var (write, _) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), token, null, "CREATE TABLE minted_ro (x)", Token);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(HttpStatusCode.Forbidden, write);
        Assert.DoesNotContain(token, result.Message ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tables_command_lists_tables_and_row_counts_per_namespace()
    {
        using var api = _app.Client("api");
        using var created = await api.PostAsJsonAsync("/folders", new { name = $"count-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-show-tables", Token);

        Assert.True(result.Success, result.Message);
        var markdown = Assert.IsType<CommandResultData>(result.Data).Value;
        Assert.Matches(@"\| folders \| [1-9]\d* \|", markdown);
        Assert.Contains("### default", markdown, StringComparison.Ordinal);
        Assert.Contains("### reports", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_signing_key_is_kept_in_the_tests_own_user_secrets()
    {
        var signingKey = await ((ParameterResource)_app.Resource("db-signing-key")).GetValueAsync(Token);
        var path = PathHelper.GetSecretsPathFromSecretsId(AppHostRunner.UserSecretsId);

        Assert.True(File.Exists(path), $"{path} is missing");
        var values = new List<string>();
        Collect(JsonNode.Parse(await File.ReadAllTextAsync(path, Token)), values);
        Assert.Contains(signingKey, values);

        static void Collect(JsonNode? node, List<string> values)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        Collect(child, values);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    values.Add(text);
                    break;
            }
        }
    }

    [Fact]
    public async Task No_token_or_key_appears_in_any_log()
    {
        // Exercise the paths that could log a secret first: a write refused by sqld, a command.
        using var readOnly = _app.Client("api-readonly");
        using var refused = await readOnly.PostAsJsonAsync("/folders", new { name = "log-probe" }, Token);
        await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-show-tables", Token);

        var secrets = new List<string>();
        foreach (var name in new[] { "db", "db-readonly", "reports" })
        {
            secrets.Add((await _app.ConnectionStringAsync(name, Token))["AuthToken"]);
        }

        var signingKey = await ((ParameterResource)_app.Resource("db-signing-key")).GetValueAsync(Token);
        secrets.Add(signingKey!);

        var lines = new List<string>();
        foreach (var resource in new[] { "db", "reports", "db-readonly", "api", "api-readonly" })
        {
            lines.AddRange((await AppHostRunner.ResourceLogAsync(_app, resource, Token)).Split('\n'));
        }

        Assert.Contains(lines, line => line.Contains("listening on", StringComparison.OrdinalIgnoreCase));
        lines.AddRange(_app.Services.GetFakeLogCollector().GetSnapshot().Select(record => record.Message + " " + record.Exception));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            // Also no recognisable half of a token (a signature or a payload logged alone).
            Assert.DoesNotContain(lines, line => line.Contains(secret.Split('.')[^1], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_mint_token_command_returns_a_read_write_token_for_one_namespace_that_never_expires()
    {
        var arguments = new InteractionInputCollection(
        [
            new InteractionInput { Name = "access", InputType = InputType.Choice, Value = "rw", Options = [new("rw", "Read-write"), new("ro", "Read-only")] },
            new InteractionInput { Name = "expiresInHours", InputType = InputType.Number, Value = "0" },
            new InteractionInput { Name = "namespace", InputType = InputType.Choice, Value = "reports", Options = [new("reports", "reports")] },
        ]);

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-mint-token", arguments, Token);

        Assert.True(result.Success, result.Message);
        var token = Assert.IsType<CommandResultData>(result.Data).Value;
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));
        Assert.DoesNotContain("\"exp\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"reports\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"a\":\"rw\"", payload, StringComparison.Ordinal);
        var endpoint = new Uri((await _app.ConnectionStringAsync("db", Token))["Endpoint"]);
        var (write, body) = await Hrana.ExecuteAsync(endpoint, token, "reports", $"CREATE TABLE minted_rw_{Guid.NewGuid():N} (x)", Token);
        Assert.Equal(HttpStatusCode.OK, write);
        Assert.True(Hrana.StatementSucceeded(body), body?.ToJsonString());
        // Scoped to its namespace: on the default one the same token is 404, as sqld.
        var (other, _) = await Hrana.ExecuteAsync(endpoint, token, "default", "SELECT 1", Token);
        Assert.Equal(HttpStatusCode.NotFound, other);
    }
}
