using System.Net;
using System.Text;
using Libsql.Auth;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class NamespaceTests(SharedServers servers)
{
    [Fact]
    public async Task Admin_api_creates_and_deletes_namespaces_with_their_own_data()
    {
        var ns = SharedServers.Table("ns");
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("Welcome to the sqld admin API", await admin.GetStringAsync("", ct));
        using var create = await admin.PostAsync($"v1/namespaces/{ns}/create", new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        using var again = await admin.PostAsync($"v1/namespaces/{ns}/create", new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        await AuthTests.AssertErrorAsync(again, HttpStatusCode.BadRequest, $"Namespace `{ns}` already exists");

        using var inNamespace = servers.SecuredClient(@namespace: ns);
        using var inDefault = servers.SecuredClient(@namespace: "default");
        await inNamespace.ExecuteAsync("CREATE TABLE only_here(a)");
        Assert.Equal("SQLITE_UNKNOWN", (await inDefault.ExecuteErrorAsync("SELECT * FROM only_here")).Code);
        Assert.True(File.Exists(Path.Combine(servers.Secured.DatabasePath, "dbs", ns, "data")));

        using var delete = await admin.DeleteAsync($"v1/namespaces/{ns}", ct);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        using var gone = await inNamespace.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });
        await AuthTests.AssertErrorAsync(gone, HttpStatusCode.NotFound, $"Namespace `{ns}` doesn't exist");
        Assert.False(Directory.Exists(Path.Combine(servers.Secured.DatabasePath, "dbs", ns)));
    }

    [Fact]
    public async Task Unknown_namespace_is_404_and_host_header_picks_the_namespace()
    {
        using var http = servers.SecuredClient(@namespace: "never-created");
        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [] });
        await AuthTests.AssertErrorAsync(response, HttpStatusCode.NotFound, "Namespace `never-created` doesn't exist");

        // No x-namespace: the Host header's first label, so 127.0.0.1 means namespace "127" (libsql-server's db_factory.rs, namespace_from_headers).
        using var byHost = servers.SecuredClient(@namespace: null);
        using var viaIp = await byHost.SendPipelineAsync(new HranaPipelineRequest { Requests = [] });
        await AuthTests.AssertErrorAsync(viaIp, HttpStatusCode.NotFound, "Namespace `127` doesn't exist");

        var ns = SharedServers.Table("host");
        servers.Secured.CreateNamespace(ns);
        using var named = await byHost.PostAsync("v2/pipeline", HranaJson.Serialize(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1"), new HranaCloseStreamRequest()] }), "application/json",
            r => r.Headers.Host = $"{ns}.example.test");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        using var noDot = await byHost.PostAsync("v2/pipeline", HranaJson.Serialize(new HranaPipelineRequest { Requests = [new HranaCloseStreamRequest()] }), "application/json",
            r => r.Headers.Host = "localhost");
        Assert.Equal(HttpStatusCode.OK, noDot.StatusCode);
        using var binary = await byHost.PostAsync("v2/pipeline", HranaJson.Serialize(new HranaPipelineRequest { Requests = [new HranaCloseStreamRequest()] }), "application/json",
            r => r.Headers.Add("x-namespace-bin", Convert.ToBase64String(Encoding.UTF8.GetBytes(ns)).TrimEnd('=')));
        Assert.Equal(HttpStatusCode.OK, binary.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_scoped_per_namespace_by_id_and_p_claims()
    {
        var first = SharedServers.Table("a");
        var second = SharedServers.Table("b");
        servers.Secured.CreateNamespace(first);
        servers.Secured.CreateNamespace(second);

        using var legacy = servers.SecuredClient(new LibsqlTokenOptions { Namespace = first }, first);
        using var legacyElsewhere = servers.SecuredClient(new LibsqlTokenOptions { Namespace = first }, second);
        using var mapReadOnly = servers.SecuredClient(new LibsqlTokenOptions { Permissions = new LibsqlPermissions { ReadWrite = [first], ReadOnly = [second] } }, second);

        await legacy.ExecuteAsync("CREATE TABLE x(a)");
        using var elsewhere = await legacyElsewhere.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });
        await AuthTests.AssertErrorAsync(elsewhere, HttpStatusCode.NotFound, $"Namespace `{second}` doesn't exist");
        Assert.Equal(1, (await mapReadOnly.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
        using var write = await mapReadOnly.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("CREATE TABLE y(a)")] });
        await AuthTests.AssertErrorAsync(write, HttpStatusCode.Forbidden, $"Authorization forbidden: Current session doesn't not have Write permission to namespace {second}");
    }

    [Fact]
    public async Task Namespace_with_its_own_jwt_key_uses_only_that_key()
    {
        var ns = SharedServers.Table("own");
        using var own = LibsqlSigningKey.Generate();
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        var body = $$"""{"jwt_key":"{{own.PublicKey.ToBase64Url()}}"}""";
        using var create = await admin.PostAsync($"v1/namespaces/{ns}/create", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);

        using var withOwnKey = new HranaHttp(servers.Secured.Uri, own.MintToken(), ns);
        using var withServerKey = servers.SecuredClient(@namespace: ns);

        Assert.Equal(1, (await withOwnKey.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
        using var refused = await withServerKey.SendPipelineAsync(new HranaPipelineRequest { Requests = [] });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_baton_is_valid_only_with_the_namespace_and_the_credential_that_opened_its_stream()
    {
        var first = SharedServers.Table("a");
        var second = SharedServers.Table("b");
        servers.Secured.CreateNamespace(first);
        servers.Secured.CreateNamespace(second);
        var token = servers.Secured.MintToken();
        using var onFirst = new HranaHttp(servers.Secured.Uri, token, first);
        using var onSecond = new HranaHttp(servers.Secured.Uri, token, second);
        using var otherToken = new HranaHttp(servers.Secured.Uri, servers.Secured.MintToken(new LibsqlTokenOptions { Namespace = first }), first);

        var opened = await onFirst.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("CREATE TABLE mine(a)")] });
        foreach (var stranger in new[] { onSecond, otherToken })
        {
            using var refused = await stranger.SendPipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [HranaHttp.Execute("INSERT INTO mine VALUES (1)")] });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("Received an invalid baton", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // The refusals left the stream to its owner.
        var next = await onFirst.PipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [HranaHttp.Execute("SELECT count(*) FROM mine"), new HranaCloseStreamRequest()] });
        Assert.Equal(0, HranaHttp.Ok<HranaExecuteStreamResponse>(next.Results[0]).Result.Rows[0][0].Integer);
    }
}
