using Libsql.TestServer;

namespace Libsql.Client.Tests;

/// <summary>The portable client suite on the in-process test server, plus what needs its knobs.</summary>
public sealed class ClientTests(TestServerFixture fixture) : ClientTestsBase(fixture), IClassFixture<TestServerFixture>
{
    [Fact]
    public async Task Auto_probe_picks_protobuf_and_falls_back_to_json_v3()
    {
        await using var client = Fixture.CreateClient();
        Assert.Equal(LibsqlProtocol.Protobuf, await client.GetProtocolAsync(Ct));

        await using var noProtobuf = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableProtobuf = false }, Ct);
        await using var jsonClient = new LibsqlClient(noProtobuf.ConnectionString);
        Assert.Equal(LibsqlProtocol.Json, await jsonClient.GetProtocolAsync(Ct));
        Assert.Equal(1L, (await jsonClient.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }

    [Fact]
    public async Task Unknown_namespace_is_its_own_error_kind()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableNamespaces = true }, Ct);
        server.CreateNamespace("tenant_a");
        await using var good = new LibsqlClient(new LibsqlClientOptions { Endpoint = server.Uri, Namespace = "tenant_a" });
        await using var bad = new LibsqlClient(new LibsqlClientOptions { Endpoint = server.Uri, Namespace = "tenant_b" });

        Assert.Equal(1L, (await good.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
        var error = await Assert.ThrowsAsync<LibsqlException>(() => bad.ExecuteAsync("SELECT 1", cancellationToken: Ct));

        Assert.Equal(LibsqlErrorKind.NamespaceNotFound, error.Kind);
        Assert.Equal(404, error.HttpStatusCode);
        Assert.Contains("tenant_b", error.Message, StringComparison.Ordinal);

        // The refusal is not remembered as "this server only speaks Hrana 2": once the namespace exists, Protobuf.
        server.CreateNamespace("tenant_b");
        Assert.Equal(1L, (await bad.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
        Assert.Equal(LibsqlProtocol.Protobuf, await bad.GetProtocolAsync(Ct));
    }
}
