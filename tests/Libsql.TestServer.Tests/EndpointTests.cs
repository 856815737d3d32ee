using System.Net;

namespace Libsql.TestServer.Tests;

public sealed class EndpointTests(SharedServers servers)
{
    [Theory]
    [InlineData("health", "")]
    [InlineData("v1", "This is sqld HTTP API v1")]
    [InlineData("v2", "Hello, this is HTTP API v2 (Hrana over HTTP)")]
    [InlineData("v3", "Hello, this is HTTP API v2 (Hrana over HTTP)")]
    [InlineData("v3-protobuf", "Hello, this is HTTP API v2 (Hrana over HTTP)")]
    public async Task Probes_answer_like_sqld_without_auth(string path, string body)
    {
        // The secured server: these routes need no token, as in sqld.
        using var http = new HranaHttp(servers.Secured.Uri);

        var (status, _, text) = await HranaHttp.ReadAsync(await http.GetAsync(path));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(body, text);
    }

    [Fact]
    public async Task Version_names_sqld_and_unknown_routes_are_404()
    {
        using var http = servers.OpenClient();

        Assert.StartsWith("sqld 0.24.33", (await HranaHttp.ReadAsync(await http.GetAsync("version"))).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("v4")).StatusCode);
    }

    [Fact]
    public async Task Protobuf_switched_off_answers_404_so_clients_fall_back_to_v2()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableProtobuf = false }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("v3-protobuf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("v3-protobuf/pipeline", [], "application/x-protobuf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v2")).StatusCode);
        Assert.Equal(1, (await http.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Connection_string_and_uri_point_at_loopback()
    {
        Assert.Equal("127.0.0.1", servers.Open.Uri.Host);
        Assert.Equal($"Endpoint=http://127.0.0.1:{servers.Open.Uri.Port}", servers.Open.ConnectionString);
        Assert.StartsWith($"Endpoint=http://127.0.0.1:{servers.Secured.Uri.Port};AuthToken=ey", servers.Secured.ConnectionString, StringComparison.Ordinal);
        Assert.Null(servers.Open.PublicKey);
        Assert.NotNull(servers.Secured.PublicKey);
        Assert.Throws<InvalidOperationException>(() => servers.Open.MintToken());
        Assert.True(File.Exists(Path.Combine(servers.Open.DatabasePath, "dbs", "default", "data")));
        await Task.CompletedTask;
    }
}
