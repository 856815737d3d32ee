using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Libsql.Auth;
using LibsqlAspire.Testing;

namespace SampleApi.Tests;

/// <summary>
/// Real sqld (the pinned image) in a container with JWT auth on, and SampleApi hosted against it. Without Docker
/// the fixture starts nothing and <see cref="Client"/> skips the test that asks for it.
/// </summary>
public sealed class SqldApiFixture : IApiFixture, IAsyncLifetime
{
    /// <summary>The image the hosting integration pins.</summary>
    public const string Image = "ghcr.io/tursodatabase/libsql-server:v0.24.33";

    private IContainer? _container;
    private SampleApiFactory? _factory;
    private HttpClient? _client;

    /// <summary>The key sqld trusts; mint other tokens with it.</summary>
    public LibsqlSigningKey SigningKey { get; } = LibsqlSigningKey.Generate();

    /// <summary>sqld's HTTP address, <c>http://host:port</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <inheritdoc />
    public HttpClient Client
    {
        get
        {
            Requires.Docker();
            return _client ?? throw new InvalidOperationException("sqld did not start.");
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!Requires.IsDockerAvailable)
        {
            return;
        }

        _container = new ContainerBuilder(Image)
            .WithEnvironment("SQLD_AUTH_JWT_KEY", SigningKey.PublicKey.ToBase64Url())
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(8080).ForPath("/health")))
            .Build();
        await _container.StartAsync(TestContext.Current.CancellationToken);
        Endpoint = $"http://{_container.Hostname}:{_container.GetMappedPublicPort(8080)}";
        _factory = new SampleApiFactory($"Endpoint={Endpoint};AuthToken={SigningKey.MintToken()}");
        _client = _factory.CreateClient();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        SigningKey.Dispose();
    }
}
