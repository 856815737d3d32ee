using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Libsql.Auth;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class AuthTests(SharedServers servers)
{
    [Fact]
    public async Task Missing_token_is_401_with_sqlds_body()
    {
        using var http = new HranaHttp(servers.Secured.Uri, null, "default");

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized: `Expected authorization header but none given`");
    }

    [Fact]
    public async Task Token_from_another_key_is_401_invalid()
    {
        using var other = LibsqlSigningKey.Generate();
        using var http = new HranaHttp(servers.Secured.Uri, other.MintToken(), "default");

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized: `The JWT is invalid`");
    }

    [Fact]
    public async Task Token_with_another_algorithm_is_401_invalid()
    {
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = Part("""{"alg":"HS256","typ":"JWT"}""") + "." + Part("{}");
        var mac = System.Security.Cryptography.HMACSHA256.HashData(new byte[32], System.Text.Encoding.ASCII.GetBytes(unsigned));
        var token = unsigned + "." + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var http = new HranaHttp(servers.Secured.Uri, token, "default");

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized: `The JWT is invalid`");
    }

    [Fact]
    public async Task Expiry_has_sqlds_60_second_leeway()
    {
        using var expired = servers.SecuredClient(new LibsqlTokenOptions { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-120) });
        using var withinLeeway = servers.SecuredClient(new LibsqlTokenOptions { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-20) });

        using var response = await expired.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized: `The JWT has expired`");
        Assert.Equal(1, (await withinLeeway.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Basic_scheme_is_401_unsupported()
    {
        using var http = new HranaHttp(servers.Secured.Uri, null, "default");

        using var response = await http.PostAsync("v2/pipeline", HranaJson.Serialize(new HranaPipelineRequest()), "application/json",
            r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz"));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized: `The authentication scheme in the `Authorization` HTTP header is not supported`");
    }

    [Fact]
    public async Task Read_only_token_reads_but_a_write_fails_the_whole_request_with_403_and_writes_nothing()
    {
        var table = SharedServers.Table();
        using var admin = servers.SecuredClient();
        using var reader = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);
        await admin.ExecuteAsync($"CREATE TABLE {table}(a)");

        Assert.Equal(0, (await reader.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);

        // Whether a statement writes is SQLite's own answer, so a CTE-wrapped INSERT is caught as well.
        foreach (var write in new[] { $"INSERT INTO {table} VALUES (1)", $"WITH x(v) AS (SELECT 2) INSERT INTO {table} SELECT v FROM x", "CREATE TABLE ro_sneaky(a)", "PRAGMA user_version = 3" })
        {
            using var response = await reader.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1"), HranaHttp.Execute(write), new HranaCloseStreamRequest()] });
            await AssertErrorAsync(response, HttpStatusCode.Forbidden, "Authorization forbidden: Current session doesn't not have Write permission to namespace default");
        }

        // A batch is checked before anything runs: the read-only BEGIN and the write are both refused.
        using var batch = await reader.SendPipelineAsync(new HranaPipelineRequest
        {
            Requests =
            [
                new HranaBatchStreamRequest
                {
                    Batch = new HranaBatch
                    {
                        Steps = [new HranaBatchStep { Stmt = HranaHttp.Stmt("BEGIN") }, new HranaBatchStep { Stmt = HranaHttp.Stmt($"INSERT INTO {table} VALUES (3)") }, new HranaBatchStep { Stmt = HranaHttp.Stmt("COMMIT") }],
                    },
                },
            ],
        });
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        Assert.Equal(0, (await admin.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
        Assert.Equal(0, (await admin.ExecuteAsync("PRAGMA user_version")).Rows[0][0].Integer);
        Assert.Equal("SQLITE_UNKNOWN", (await admin.ExecuteErrorAsync("SELECT * FROM ro_sneaky")).Code);
    }

    [Fact]
    public async Task Read_only_permission_map_and_transactions_are_reads()
    {
        using var reader = servers.SecuredClient(new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadOnlyOn("default") });

        // SQLite calls BEGIN IMMEDIATE a write (it takes the lock); sqld counts transaction control as a read.
        var results = await reader.RunAsync(
            HranaHttp.Execute("BEGIN IMMEDIATE"), HranaHttp.Execute("SELECT 1"), HranaHttp.Execute("COMMIT"),
            HranaHttp.Execute("BEGIN EXCLUSIVE"), HranaHttp.Execute("ROLLBACK"), HranaHttp.Execute("SAVEPOINT s"), HranaHttp.Execute("RELEASE s"));

        Assert.All(results, r => HranaHttp.Ok<HranaExecuteStreamResponse>(r));
    }

    [Fact]
    public async Task Token_for_another_namespace_is_404()
    {
        using var scoped = servers.SecuredClient(new LibsqlTokenOptions { Namespace = "someone-else" });

        using var response = await scoped.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "Namespace `default` doesn't exist");
    }

    [Fact]
    public async Task Without_a_key_the_server_is_open_and_ignores_tokens()
    {
        using var http = new HranaHttp(servers.Open.Uri, "not-a-jwt");

        Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task A_given_signing_key_is_used_and_tokens_from_it_work()
    {
        using var key = LibsqlSigningKey.Generate();
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { SigningKey = key }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri, key.MintToken());

        Assert.Equal(key.PublicKey, server.PublicKey);
        Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var (actualStatus, contentType, body) = await HranaHttp.ReadAsync(response);
        Assert.Equal(status, actualStatus);
        Assert.Equal("application/json", contentType);
        Assert.Equal(message, JsonNode.Parse(body)!["error"]!.GetValue<string>());
    }
}
