using Libsql.TestServer;

namespace Libsql.Client.Tests;

/// <summary>One auth-enabled test server per test class; tests use their own tables.</summary>
public sealed class TestServerFixture : IAsyncLifetime
{
    private static int s_tables;

    public LibsqlTestServer Server { get; private set; } = null!;

    public string ConnectionString => Server.ConnectionString;

    public string Token { get; private set; } = null!;

    public static string NewTable(string prefix = "t") => $"{prefix}_{Interlocked.Increment(ref s_tables)}";

    public LibsqlClient CreateClient(LibsqlProtocol protocol = LibsqlProtocol.Auto, Action<LibsqlClientOptions>? configure = null)
    {
        var options = LibsqlClientOptions.Parse(ConnectionString);
        options.Protocol = protocol;
        configure?.Invoke(options);
        return new LibsqlClient(options);
    }

    public async ValueTask InitializeAsync()
    {
        Server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true });
        Token = LibsqlClientOptions.Parse(Server.ConnectionString).AuthToken!;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
