using System.Net;
using System.Text;
using Libsql.Auth;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

/// <summary>sqld's admin API for namespace settings, fork and checkpoint, on the shared secured server.</summary>
public sealed class AdminApiTests(SharedServers servers)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Config_reads_as_sqld_writes_it_and_a_set_jwt_key_replaces_the_server_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("cfg");
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using (var create = await admin.PostAsync($"v1/namespaces/{ns}/create", Json("""{"allow_attach":true}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        }

        using (var get = await admin.GetAsync($"v1/namespaces/{ns}/config", ct))
        {
            Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
            Assert.Equal(
                """{"block_reads":false,"block_writes":false,"block_reason":null,"max_db_size":"888.2 PiB","heartbeat_url":null,"jwt_key":null,"allow_attach":true,"txn_timeout_s":null,"durability_mode":"relaxed"}""",
                await get.Content.ReadAsStringAsync(ct));
        }

        using var own = LibsqlSigningKey.Generate();
        using (var set = await admin.PostAsync($"v1/namespaces/{ns}/config", Json($$"""{"block_reads":false,"block_writes":true,"block_reason":"maintenance","jwt_key":"{{own.PublicKey.ToBase64Url()}}","max_db_size":"10MB","txn_timeout_s":7}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var config = await admin.GetStringAsync($"v1/namespaces/{ns}/config", ct);
        Assert.Contains("\"block_writes\":true,\"block_reason\":\"maintenance\",\"max_db_size\":\"9.5 MiB\"", config, StringComparison.Ordinal);
        Assert.Contains("\"allow_attach\":false,\"txn_timeout_s\":7", config, StringComparison.Ordinal);

        using var withServerKey = servers.SecuredClient(@namespace: ns);
        using var refused = await withServerKey.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var withOwnKey = new HranaHttp(servers.Secured.Uri, own.MintToken(), ns);
        Assert.Equal(1, (await withOwnKey.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Config_refuses_what_sqld_refuses()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using var missing = await admin.PostAsync("v1/namespaces/default/config", Json("""{"block_reads":false}"""), ct);
        await AuthTests.AssertErrorAsync(missing, HttpStatusCode.UnprocessableEntity, "Failed to deserialize the JSON body into the target type: missing field `block_writes`");
        using var badKey = await admin.PostAsync("v1/namespaces/default/config", Json("""{"block_reads":false,"block_writes":false,"jwt_key":"nope"}"""), ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.StartsWith("""{"error":"Could not parse JWT decoding key(s)""", await badKey.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var unknown = await admin.GetAsync("v1/namespaces/never-made/config", ct);
        await AuthTests.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Namespace `never-made` doesn't exist");
        using var noJson = await admin.PostAsync("v1/namespaces/default/config", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noJson.StatusCode);
    }

    [Fact]
    public async Task Fork_copies_the_data_and_the_settings_and_refuses_an_existing_target()
    {
        var ct = TestContext.Current.CancellationToken;
        var from = SharedServers.Table("src");
        var to = SharedServers.Table("dst");
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using (var create = await admin.PostAsync($"v1/namespaces/{from}/create", Json("""{"allow_attach":true}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        }

        using var source = servers.SecuredClient(@namespace: from);
        await source.ExecuteAsync("CREATE TABLE kept(a)");
        await source.ExecuteAsync("INSERT INTO kept VALUES (42)");

        using (var fork = await admin.PostAsync($"v1/namespaces/{from}/fork/{to}", null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, fork.StatusCode);
        }

        using var target = servers.SecuredClient(@namespace: to);
        Assert.Equal(42, (await target.ExecuteAsync("SELECT a FROM kept")).Rows[0][0].Integer);
        await target.ExecuteAsync("INSERT INTO kept VALUES (1)");
        Assert.Equal(1, (await source.ExecuteAsync("SELECT count(*) FROM kept")).Rows[0][0].Integer);
        Assert.Contains("\"allow_attach\":true", await admin.GetStringAsync($"v1/namespaces/{to}/config", ct), StringComparison.Ordinal);

        using var again = await admin.PostAsync($"v1/namespaces/{from}/fork/{to}", null, ct);
        await AuthTests.AssertErrorAsync(again, HttpStatusCode.BadRequest, $"Namespace `{to}` already exists");
        using var noSource = await admin.PostAsync($"v1/namespaces/never-made/fork/{to}x", null, ct);
        await AuthTests.AssertErrorAsync(noSource, HttpStatusCode.NotFound, "Namespace `never-made` doesn't exist");
        using var pointInTime = await admin.PostAsync($"v1/namespaces/{from}/fork/{to}y", Json("""{"timestamp":"2026-01-01T00:00:00"}"""), ct);
        await AuthTests.AssertErrorAsync(pointInTime, HttpStatusCode.InternalServerError, "backup service not configured");
    }

    [Fact]
    public async Task Checkpoint_moves_the_wal_into_the_database_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("ckpt");
        servers.Secured.CreateNamespace(ns);
        using var client = servers.SecuredClient(@namespace: ns);
        // A stream left open keeps a connection, so the WAL outlives the statements (the last close would checkpoint it).
        var open = await client.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("CREATE TABLE t(a)"), HranaHttp.Execute("INSERT INTO t VALUES (randomblob(10000))")] });
        Assert.NotNull(open.Baton);
        var wal = Path.Combine(servers.Secured.DatabasePath, "dbs", ns, "data-wal");
        Assert.True(new FileInfo(wal).Length > 0);

        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using var checkpoint = await admin.PostAsync($"v1/namespaces/{ns}/checkpoint", null, ct);
        Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
        Assert.Equal(0, new FileInfo(wal).Length);
        Assert.True(new FileInfo(Path.Combine(servers.Secured.DatabasePath, "dbs", ns, "data")).Length > 10000);
        await client.PipelineAsync(new HranaPipelineRequest { Baton = open.Baton, Requests = [new HranaCloseStreamRequest()] });
    }

    [Fact]
    public async Task Names_that_differ_only_in_case_are_refused_as_one_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = SharedServers.Table("Case");
        servers.Secured.CreateNamespace(ns);
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using var twin = await admin.PostAsync($"v1/namespaces/{ns.ToLowerInvariant()}/create", Json("{}"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, twin.StatusCode);
        Assert.Contains("case-insensitive file system", await twin.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
