using System.Net;
using System.Text;
using Libsql.Auth;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class StandaloneTests
{
    [Fact]
    public async Task Reads_sqlds_variables_prints_one_listening_line_and_stops_cleanly_on_sigterm()
    {
        using var key = LibsqlSigningKey.Generate();
        var data = Directory.CreateTempSubdirectory("libsql-standalone-").FullName;
        try
        {
            int exitCode;
            string output;
            await using (var server = await StandaloneServer.StartAsync(new Dictionary<string, string>
            {
                ["SQLD_HTTP_LISTEN_ADDR"] = "127.0.0.1:0",
                ["SQLD_DB_PATH"] = data,
                ["SQLD_AUTH_JWT_KEY"] = key.PublicKey.ToBase64Url(),
            }))
            {
                // Port 0: the line reports the port the kernel chose.
                Assert.Equal("127.0.0.1", server.Uri.Host);
                Assert.NotEqual(0, server.Uri.Port);
                using var anonymous = new HranaHttp(server.Uri);
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendPipelineAsync(new HranaPipelineRequest())).StatusCode);
                using var http = new HranaHttp(server.Uri, key.MintToken());
                await http.ExecuteAsync("CREATE TABLE kept(a)");

                exitCode = await server.StopAsync();
                output = server.Output;
            }

            Assert.Equal(0, exitCode);
            Assert.Single(output.Split('\n'), line => line.StartsWith("listening on ", StringComparison.Ordinal));
            Assert.DoesNotContain(key.ExportBase64Url(), output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "dbs", "default", "data")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Accepts_sqlds_flags_including_namespaces_admin_and_a_key_file()
    {
        using var key = LibsqlSigningKey.Generate();
        var data = Directory.CreateTempSubdirectory("libsql-standalone-").FullName;
        var keyFile = Path.Combine(data, "jwt_key.pem");
        await File.WriteAllTextAsync(keyFile, key.PublicKey.ToPem(), TestContext.Current.CancellationToken);
        try
        {
            await using var server = await StandaloneServer.StartAsync(
                new Dictionary<string, string> { ["LIBSQL_ADMIN_AUTH_KEY"] = "admin-secret" },
                ["--db-path", Path.Combine(data, "db"), "--http-listen-addr", "127.0.0.1:0", "--enable-namespaces", "--admin-listen-addr", "127.0.0.1:0",
                 "--grpc-listen-addr", "0.0.0.0:5001", "--auth-jwt-key-file", keyFile, "--no-welcome", "--http-self-url", "http://sticky.example/"]);
            using var adminHttp = new HttpClient { BaseAddress = await server.AdminUriAsync(TestContext.Current.CancellationToken) };
            using var refused = await adminHttp.PostAsync("v1/namespaces/tenant/create", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Empty(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            adminHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "admin-secret");

            using var create = await adminHttp.PostAsync("v1/namespaces/tenant/create", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            using var http = new HranaHttp(server.Uri, key.MintToken(new LibsqlTokenOptions { Namespace = "tenant" }), "tenant");

            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
            Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
            Assert.Equal("http://sticky.example/", (await http.PipelineAsync(new HranaPipelineRequest { Requests = [new HranaCloseStreamRequest()] })).BaseUrl);
            Assert.True(File.Exists(Path.Combine(data, "db", "dbs", "tenant", "data")));
            Assert.Contains("ignoring --grpc-listen-addr", server.Output, StringComparison.Ordinal);
            Assert.Equal(0, await server.StopAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Accepts_the_environment_variable_forms_of_the_key_file_namespaces_and_admin_settings()
    {
        using var key = LibsqlSigningKey.Generate();
        var data = Directory.CreateTempSubdirectory("libsql-standalone-").FullName;
        var keyFile = Path.Combine(data, "jwt_key.pem");
        await File.WriteAllTextAsync(keyFile, key.PublicKey.ToPem(), TestContext.Current.CancellationToken);
        try
        {
            await using var server = await StandaloneServer.StartAsync(new Dictionary<string, string>
            {
                ["SQLD_HTTP_LISTEN_ADDR"] = "127.0.0.1:0",
                ["SQLD_DB_PATH"] = Path.Combine(data, "db"),
                ["SQLD_AUTH_JWT_KEY_FILE"] = keyFile,
                ["SQLD_ENABLE_NAMESPACES"] = "true",
                ["SQLD_ADMIN_LISTEN_ADDR"] = "127.0.0.1:0",
            });
            using var adminHttp = new HttpClient { BaseAddress = await server.AdminUriAsync(TestContext.Current.CancellationToken) };

            // The admin API (SQLD_ADMIN_LISTEN_ADDR) creates a namespace (SQLD_ENABLE_NAMESPACES) whose data lands under
            // SQLD_DB_PATH, and only a token signed by the key in SQLD_AUTH_JWT_KEY_FILE gets in.
            using var create = await adminHttp.PostAsync("v1/namespaces/tenant/create", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
            using var http = new HranaHttp(server.Uri, key.MintToken(new LibsqlTokenOptions { Namespace = "tenant" }), "tenant");
            Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
            using var strangerKey = LibsqlSigningKey.Generate();
            using var stranger = new HranaHttp(server.Uri, strangerKey.MintToken(new LibsqlTokenOptions { Namespace = "tenant" }), "tenant");
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.SendPipelineAsync(new HranaPipelineRequest())).StatusCode);
            Assert.True(File.Exists(Path.Combine(data, "db", "dbs", "tenant", "data")));
            Assert.Equal(0, await server.StopAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_malformed_key_stops_startup_like_sqld()
    {
        var start = StandaloneServer.StartAsync(new Dictionary<string, string>
        {
            ["SQLD_HTTP_LISTEN_ADDR"] = "127.0.0.1:0",
            ["SQLD_AUTH_JWT_KEY"] = "not+a/valid=key\n",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        Assert.Contains("Could not parse JWT decoding key(s)", error.Message, StringComparison.Ordinal);
    }
}
