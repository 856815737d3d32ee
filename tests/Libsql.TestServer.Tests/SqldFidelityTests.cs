using DotNet.Testcontainers.Builders;
using Libsql.Auth;
using LibsqlAspire.Testing;

namespace Libsql.TestServer.Tests;

/// <summary>
/// The same Node suite against the real sqld image, to keep the stand-in honest: where they differ, sqld is
/// right. Needs a Docker engine and the pinned image; skips visibly otherwise.
/// </summary>
public sealed class SqldFidelityTests
{
    /// <summary>The sqld release this server follows (the newest libsql-server-v* tag of tursodatabase/libsql).</summary>
    public const string SqldImage = "ghcr.io/tursodatabase/libsql-server:v0.24.33";

    [Fact]
    public async Task Official_client_suite_passes_against_real_sqld()
    {
        Requires.Docker();
        var node = Requires.NodeInterop();
        using var key = LibsqlSigningKey.Generate();
        await using var container = new ContainerBuilder(SqldImage)
            .WithEnvironment("SQLD_AUTH_JWT_KEY", key.PublicKey.ToBase64Url())
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(8080).ForPath("/health")))
            .Build();
        try
        {
            await container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e.GetType().Name.StartsWith("Docker", StringComparison.Ordinal))
        {
            Assert.Skip($"sqld image not available: {SqldImage} could not be pulled or started ({e.GetType().Name}).");
        }

        var uri = new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(8080)}/");
        var (exitCode, output) = await NodeFidelityTests.RunSuiteAsync(node, uri, key, protobuf: true);

        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, $"node --test against sqld exited with {exitCode}:\n{output}");
    }
}
