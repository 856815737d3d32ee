using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Tests.Container;

// Same collection as the local-process tests: every AppHost shares the signing key in the tests' user secrets.
[Collection(nameof(AppHostTests))]
public sealed class ContainerModeTests(ContainerAppHostFixture fixture) : IClassFixture<ContainerAppHostFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Sqld_runs_as_a_container_of_the_image_under_test_and_every_resource_is_healthy()
    {
        var app = fixture.RequireApp();
        foreach (var name in ContainerAppHost.Resources)
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(name, out var state), name);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }

        Assert.IsType<LibsqlServerResource>(app.Resource("db"));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("db", out var db));
        Assert.Equal(ContainerTestEnvironment.Image, db.Snapshot.Properties.Single(p => p.Name == "container.image").Value?.ToString());
        // Reported in the test results, so CI runs keep the figure.
        var figure = $"container mode, {ContainerTestEnvironment.Image}: StartAsync to sqld healthy in {fixture.SqldStartToHealthy.TotalSeconds:F1} s, to db, reports, api and api-readonly healthy in {fixture.StartToHealthy.TotalSeconds:F1} s";
        TestContext.Current.TestOutputHelper?.WriteLine(figure);
        var results = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        File.WriteAllText(Path.Combine(results.FullName, "container-mode-start.txt"), figure + Environment.NewLine);
    }

    [Fact]
    public async Task SampleApi_creates_reads_updates_and_deletes_through_sqld_in_the_container()
    {
        var app = fixture.RequireApp();
        using var api = app.Client("api");

        using var created = await api.PostAsJsonAsync("/folders", new { name = $"crud-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var folderId = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;
        using var noteCreated = await api.PostAsJsonAsync($"/folders/{folderId}/notes", new { title = "first", body = "hello" }, Token);
        Assert.Equal(HttpStatusCode.Created, noteCreated.StatusCode);
        var noteId = (long)(await noteCreated.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;

        using var updated = await api.PutAsJsonAsync($"/notes/{noteId}", new { title = "first", body = "changed" }, Token);
        Assert.True(updated.IsSuccessStatusCode, updated.StatusCode.ToString());
        var db = await app.ConnectionStringAsync("db", Token);
        var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], null, $"SELECT body FROM notes WHERE id = {noteId}", Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("changed", Hrana.FirstValue(body));

        using var deleted = await api.DeleteAsync($"/notes/{noteId}", Token);
        Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        using var gone = await api.GetAsync($"/notes/{noteId}", Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Sqld_in_the_container_answers_401_without_a_valid_token()
    {
        var app = fixture.RequireApp();
        var db = await app.ConnectionStringAsync("db", Token);
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
        var app = fixture.RequireApp();
        using var readOnly = app.Client("api-readonly");
        using var list = await readOnly.GetAsync("/folders", Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var write = await readOnly.PostAsJsonAsync("/folders", new { name = $"ro-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Contains("Read-only", await write.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        var ro = await app.ConnectionStringAsync("db-readonly", Token);
        var (read, _) = await Hrana.ExecuteAsync(new Uri(ro["Endpoint"]), ro["AuthToken"], null, "SELECT count(*) FROM folders", Token);
        var (insert, _) = await Hrana.ExecuteAsync(new Uri(ro["Endpoint"]), ro["AuthToken"], null, "INSERT INTO folders (name) VALUES ('nope')", Token);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(HttpStatusCode.Forbidden, insert);
    }

    [Fact]
    public async Task The_namespace_database_was_created_through_the_containers_admin_API_and_needs_its_token()
    {
        var app = fixture.RequireApp();
        var reports = await app.ConnectionStringAsync("reports", Token);
        var endpoint = new Uri(reports["Endpoint"]);

        var (create, body) = await Hrana.ExecuteAsync(endpoint, reports["AuthToken"], "reports", $"CREATE TABLE t{Guid.NewGuid():N} (x)", Token);
        var (noToken, _) = await Hrana.ExecuteAsync(endpoint, null, "reports", "SELECT 1", Token);
        Assert.Equal(HttpStatusCode.OK, create);
        Assert.True(Hrana.StatementSucceeded(body), body?.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
    }
}
