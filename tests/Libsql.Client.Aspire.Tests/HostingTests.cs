using Libsql.Client.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Libsql.Client.Aspire.Tests;

/// <summary>The portable hosting suite on the in-process test server, plus configuration errors that need no server.</summary>
public sealed class HostingTests(TestServerFixture fixture) : HostingTestsBase(fixture), IClassFixture<TestServerFixture>
{
    [Fact]
    public void A_missing_connection_string_fails_on_first_use_with_the_keys_to_set()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddLibsqlClient("nowhere");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(host.Services.GetRequiredService<LibsqlClient>);

        Assert.Contains("ConnectionStrings:nowhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Libsql:Client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standard_resilience_handler_from_ConfigureHttpClientDefaults_does_not_retry_writes()
    {
        await using var server = await FakeHranaServer.StartAsync();
        server.Then(503).Then(503).Then(503).Then(503);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Configuration["ConnectionStrings:db"] = $"Endpoint={server.Uri};Protocol=Json";
        builder.AddLibsqlClient("db", s => s.DisableHealthChecks = true);
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<LibsqlClient>();

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(503, error.HttpStatusCode);
        Assert.Equal(LibsqlErrorKind.Server, error.Kind);
        Assert.Equal(1, server.PostCount);

        // Control: a factory client in the same host does retry the POST, so the handler really was in force.
        var factoryClient = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var response = await factoryClient.PostAsync(new Uri(server.Uri, "v3/pipeline"), new StringContent("{}"), TestContext.Current.CancellationToken);
        Assert.True(server.PostCount > 2, $"the control client sent {server.PostCount - 1} POSTs");
    }
}
