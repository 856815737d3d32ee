using Libsql.Auth;
using Libsql.TestServer;

namespace Libsql.Client.Tests;

/// <summary>One auth-enabled test server per test class; tests use their own tables.</summary>
public sealed class TestServerFixture : ILibsqlServerFixture, IAsyncLifetime
{
    private static int s_tables;

    public LibsqlTestServer Server { get; private set; } = null!;

    public Uri Endpoint => Server.Uri;

    public string ConnectionString => Server.ConnectionString;

    public string Token { get; private set; } = null!;

    public static string NewTable(string prefix = "t") => $"{prefix}_{Interlocked.Increment(ref s_tables)}";

    public string MintToken(LibsqlTokenOptions? options = null) => Server.MintToken(options);

    public LibsqlClient CreateClient(LibsqlProtocol protocol = LibsqlProtocol.Auto, Action<LibsqlClientOptions>? configure = null) =>
        ILibsqlServerFixture.CreateClient(ConnectionString, protocol, configure);

    public async ValueTask InitializeAsync()
    {
        Server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true });
        Token = LibsqlClientOptions.Parse(Server.ConnectionString).AuthToken!;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
