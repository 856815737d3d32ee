using Libsql.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Libsql.Client.Tests;

/// <summary>The portable hosting suite on the in-process test server, plus configuration errors that need no server.</summary>
public sealed class HostingTests(TestServerFixture fixture) : HostingTestsBase(fixture), IClassFixture<TestServerFixture>
{
    [Fact]
    public void A_missing_connection_string_fails_on_first_use_with_the_keys_to_set()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddLibsqlClient("nowhere");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<LibsqlClient>());

        Assert.Contains("ConnectionStrings:nowhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Libsql:Client", error.Message, StringComparison.Ordinal);
    }
}
