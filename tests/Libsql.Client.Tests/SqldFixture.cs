using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Libsql.Auth;
using LibsqlAspire.Testing;

namespace Libsql.Client.Tests;

/// <summary>
/// Real sqld (the pinned image) in a container with JWT auth on. Without Docker, or when the image cannot be
/// pulled or started, the fixture starts nothing and every member skips the test that asks for it.
/// </summary>
public sealed class SqldFixture : ILibsqlServerFixture, IAsyncLifetime
{
    /// <summary>The image the hosting integration pins.</summary>
    public const string Image = "ghcr.io/tursodatabase/libsql-server:v0.24.33";

    private readonly LibsqlSigningKey _signingKey = LibsqlSigningKey.Generate();
    private IContainer? _container;
    private Uri? _endpoint;
    private string? _token;
    private string? _unavailable;

    public Uri Endpoint => Started()._endpoint!;

    public string ConnectionString => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};AuthToken={Token}";

    public string Token => Started()._token!;

    public string MintToken(LibsqlTokenOptions? options = null) => Started()._signingKey.MintToken(options);

    public async ValueTask InitializeAsync()
    {
        if (!Requires.IsDockerAvailable)
        {
            return;
        }

        _container = new ContainerBuilder(Image)
            .WithEnvironment("SQLD_AUTH_JWT_KEY", _signingKey.PublicKey.ToBase64Url())
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(8080).ForPath("/health")))
            .Build();
        try
        {
            await _container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e.GetType().Name.StartsWith("Docker", StringComparison.Ordinal))
        {
            // A fixture cannot skip; the tests that use it do, with this reason.
            _unavailable = $"sqld image not available: {Image} could not be pulled or started ({e.GetType().Name}).";
            return;
        }

        _endpoint = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(8080)}/");
        _token = _signingKey.MintToken();
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _signingKey.Dispose();
    }

    private SqldFixture Started()
    {
        Requires.Docker();
        if (_unavailable is not null)
        {
            Assert.Skip(_unavailable);
        }

        return _endpoint is null ? throw new InvalidOperationException("sqld did not start.") : this;
    }
}
