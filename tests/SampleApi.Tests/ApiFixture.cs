using Libsql.TestServer;

namespace SampleApi.Tests;

/// <summary>One test server with auth on, and SampleApi hosted against it with a full-access token.</summary>
public sealed class ApiFixture : IApiFixture, IAsyncLifetime
{
    private LibsqlTestServer? _server;
    private SampleApiFactory? _factory;

    /// <summary>The database server.</summary>
    public LibsqlTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    /// <inheritdoc />
    public HttpClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, TestContext.Current.CancellationToken);
        _factory = new SampleApiFactory(_server.ConnectionString);
        Client = _factory.CreateClient();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
