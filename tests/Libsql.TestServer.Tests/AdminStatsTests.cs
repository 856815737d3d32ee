using System.Net;
using System.Text.Json;

namespace Libsql.TestServer.Tests;

/// <summary>sqld's <c>GET /v1/namespaces/:ns/stats</c> and <c>DELETE /v1/namespaces/:ns/stats/:type</c>.</summary>
public sealed class AdminStatsTests(SharedServers servers)
{
    private static async Task<JsonElement> StatsAsync(HttpClient admin, string ns, CancellationToken ct)
    {
        using var response = await admin.GetAsync($"v1/namespaces/{ns}/stats", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task A_fresh_namespace_answers_with_sqlds_fields_and_nothing_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("stats");
        servers.Secured.CreateNamespace(ns);
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };

        var stats = await StatsAsync(admin, ns, ct);

        Assert.Equal(
            ["id", "rows_read_count", "rows_written_count", "storage_bytes_used", "write_requests_delegated", "replication_index", "top_queries", "slowest_queries", "embedded_replica_frames_replicated", "query_count", "elapsed_ms", "queries"],
            stats.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(stats.GetProperty("id").GetString(), out _));
        foreach (var zero in new[] { "rows_read_count", "rows_written_count", "write_requests_delegated", "replication_index", "embedded_replica_frames_replicated", "query_count" })
        {
            Assert.Equal(0, stats.GetProperty(zero).GetInt64());
        }

        Assert.Equal(0, stats.GetProperty("elapsed_ms").GetDouble());
        Assert.Empty(stats.GetProperty("top_queries").EnumerateArray());
        Assert.Empty(stats.GetProperty("slowest_queries").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("queries").ValueKind);
    }

    [Fact]
    public async Task Statements_move_the_counters_of_their_namespace_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("stats");
        var other = SharedServers.Table("stats");
        servers.Secured.CreateNamespace(ns);
        servers.Secured.CreateNamespace(other);
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        var before = (await StatsAsync(admin, ns, ct)).GetProperty("storage_bytes_used").GetInt64();
        using var client = servers.SecuredClient(@namespace: ns);

        await client.ExecuteAsync("CREATE TABLE t(a)");
        await client.ExecuteAsync("INSERT INTO t SELECT randomblob(20000) FROM (VALUES (1), (2), (3))");
        await client.ExecuteAsync("SELECT count(*) FROM t");
        await client.ExecuteErrorAsync("SELECT * FROM missing");

        var stats = await StatsAsync(admin, ns, ct);
        // Three statements ran (the failed one is not counted); the insert wrote three rows; sqld counts one row read
        // for each statement that wrote nothing (the table creation and the select).
        Assert.Equal(3, stats.GetProperty("query_count").GetInt64());
        Assert.Equal(3, stats.GetProperty("rows_written_count").GetInt64());
        Assert.Equal(2, stats.GetProperty("rows_read_count").GetInt64());
        Assert.True(stats.GetProperty("elapsed_ms").GetDouble() > 0);
        Assert.True(stats.GetProperty("storage_bytes_used").GetInt64() >= before + 60000);

        // Ascending by weight, as sqld's ordered set: the insert (3 rows) is the heaviest, so last.
        var top = stats.GetProperty("top_queries").EnumerateArray().ToList();
        Assert.Equal(3, top.Count);
        Assert.Equal("INSERT INTO t SELECT randomblob(20000) FROM (VALUES (1), (2), (3))", top[^1].GetProperty("query").GetString());
        Assert.Equal(3, top[^1].GetProperty("rows_written").GetInt64());
        Assert.Equal(0, top[^1].GetProperty("rows_read").GetInt64());
        Assert.Equal(["rows_written", "rows_read", "query"], top[0].EnumerateObject().Select(p => p.Name));
        var slowest = stats.GetProperty("slowest_queries").EnumerateArray().ToList();
        Assert.Equal(3, slowest.Count);
        Assert.Equal(["elapsed_ms", "query", "rows_written", "rows_read"], slowest[0].EnumerateObject().Select(p => p.Name));

        Assert.Equal(0, (await StatsAsync(admin, other, ct)).GetProperty("query_count").GetInt64());
    }

    [Fact]
    public async Task Delete_empties_the_top_or_the_slowest_list_and_refuses_other_types()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("stats");
        servers.Secured.CreateNamespace(ns);
        using var client = servers.SecuredClient(@namespace: ns);
        await client.ExecuteAsync("SELECT 1");
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };

        using (var top = await admin.DeleteAsync($"v1/namespaces/{ns}/stats/top", ct))
        {
            Assert.Equal(HttpStatusCode.OK, top.StatusCode);
        }

        var stats = await StatsAsync(admin, ns, ct);
        Assert.Empty(stats.GetProperty("top_queries").EnumerateArray());
        Assert.Single(stats.GetProperty("slowest_queries").EnumerateArray());
        Assert.Equal(1, stats.GetProperty("query_count").GetInt64());

        using (var slowest = await admin.DeleteAsync($"v1/namespaces/{ns}/stats/slowest", ct))
        {
            Assert.Equal(HttpStatusCode.OK, slowest.StatusCode);
        }

        Assert.Empty((await StatsAsync(admin, ns, ct)).GetProperty("slowest_queries").EnumerateArray());
        using var other = await admin.DeleteAsync($"v1/namespaces/{ns}/stats/all", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, other.StatusCode);
        Assert.Contains("Invalid stats type", await other.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_namespace_is_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };

        using var get = await admin.GetAsync("v1/namespaces/never-made/stats", ct);
        using var delete = await admin.DeleteAsync("v1/namespaces/never-made/stats/top", ct);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task The_admin_auth_key_guards_the_stats()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("libsql-stats-").FullName;
        try
        {
            await using var server = await StandaloneServer.StartAsync(
                new Dictionary<string, string> { ["LIBSQL_ADMIN_AUTH_KEY"] = "admin-secret" },
                ["--db-path", Path.Combine(data, "db"), "--http-listen-addr", "127.0.0.1:0", "--admin-listen-addr", "127.0.0.1:0", "--no-welcome"]);
            using var admin = new HttpClient { BaseAddress = await server.AdminUriAsync(ct) };

            using var refused = await admin.GetAsync("v1/namespaces/default/stats", ct);
            using var refusedDelete = await admin.DeleteAsync("v1/namespaces/default/stats/top", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedDelete.StatusCode);

            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "admin-secret");
            Assert.Equal(0, (await StatsAsync(admin, "default", ct)).GetProperty("query_count").GetInt64());
            Assert.Equal(0, await server.StopAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
