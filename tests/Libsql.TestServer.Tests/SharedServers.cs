using Libsql.Auth;

[assembly: AssemblyFixture(typeof(Libsql.TestServer.Tests.SharedServers))]

namespace Libsql.TestServer.Tests;

/// <summary>
/// Servers shared by the tests that do not interfere with each other (each uses its own table names): one
/// open, one with auth and namespaces. Tests that change server-wide settings start their own.
/// </summary>
public sealed class SharedServers : IAsyncLifetime
{
    private LibsqlTestServer? _open;
    private LibsqlTestServer? _secured;

    public LibsqlTestServer Open => _open ?? throw new InvalidOperationException("Not started.");

    /// <summary>Auth on (key generated), namespaces on, admin API on.</summary>
    public LibsqlTestServer Secured => _secured ?? throw new InvalidOperationException("Not started.");

    /// <summary>A table name no other test uses.</summary>
    public static string Table(string prefix = "t") => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    public async ValueTask InitializeAsync()
    {
        _open = await LibsqlTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _secured = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true, EnableNamespaces = true }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }

        if (_secured is not null)
        {
            await _secured.DisposeAsync();
        }
    }

    internal HranaHttp OpenClient() => new(Open.Uri);

    /// <summary>A client of the secured server; namespaces are on there, so it names one (the default) unless told otherwise.</summary>
    internal HranaHttp SecuredClient(LibsqlTokenOptions? token = null, string? @namespace = "default") =>
        new(Secured.Uri, Secured.MintToken(token), @namespace);
}
