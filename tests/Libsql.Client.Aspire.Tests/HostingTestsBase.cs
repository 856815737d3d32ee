using System.Data.Common;
using Libsql.Client.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Libsql.Client.Aspire.Tests;

/// <summary>DI registration and health checks against any libSQL server: the in-process test server and real sqld.</summary>
public abstract class HostingTestsBase(ILibsqlServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddLibsqlClient_registers_client_data_source_connection_and_a_healthy_check()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:db"] = fixture.ConnectionString;
        builder.AddLibsqlClient("db");
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<LibsqlClient>();
        var dataSource = host.Services.GetRequiredService<LibsqlDataSource>();
        await using var connection = host.Services.GetRequiredService<LibsqlConnection>();
        await connection.OpenAsync(Ct);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Same(client, dataSource.Client);
        Assert.Same(dataSource, host.Services.GetRequiredService<DbDataSource>());
        Assert.Same(client, connection.Client);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[LibsqlClientDefaults.HealthCheckName].Status);
    }

    [Fact]
    public async Task Settings_come_from_the_Aspire_section_and_the_callback()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aspire:Libsql:Client:ConnectionString"] = fixture.ConnectionString,
            ["Aspire:Libsql:Client:Timeout"] = "00:00:07",
            ["Aspire:Libsql:Client:DisableHealthChecks"] = "true",
            ["Aspire:Libsql:Client:db:RecordQueryText"] = "true",
        });
        LibsqlClientSettings? seen = null;
        builder.AddLibsqlClient("db", s => seen = s);
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<LibsqlClient>();

        Assert.NotNull(seen);
        Assert.True(seen.DisableHealthChecks);
        Assert.True(seen.RecordQueryText);
        Assert.Equal(TimeSpan.FromSeconds(7), seen.Timeout);
        Assert.Empty(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(1L, (await client.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }

    [Fact]
    public async Task Keyed_clients_are_independent_and_an_unreachable_server_is_unhealthy()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:main"] = fixture.ConnectionString;
        builder.Configuration["ConnectionStrings:gone"] = "Endpoint=http://127.0.0.1:1;Timeout=2";
        builder.AddKeyedLibsqlClient("main");
        builder.AddKeyedLibsqlClient("gone", s => s.MaxRetryAttempts = 0);
        using var host = builder.Build();

        var main = host.Services.GetRequiredKeyedService<LibsqlClient>("main");
        var gone = host.Services.GetRequiredKeyedService<LibsqlClient>("gone");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.NotSame(main, gone);
        Assert.Equal(HealthStatus.Healthy, report.Entries["Libsql_main"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["Libsql_gone"].Status);
        Assert.Null(host.Services.GetService<LibsqlClient>());
    }
}
