using System.Diagnostics;
using Libsql.Client.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Libsql.Client.Aspire.Tests;

/// <summary>The portable hosting suite on the in-process test server, plus configuration errors that need no server.</summary>
public sealed class HostingTests(TestServerFixture fixture) : HostingTestsBase(fixture), IClassFixture<TestServerFixture>
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task DisableTracing_and_DisableMetrics_each_keep_the_clients_telemetry_out_of_OpenTelemetry(bool disableTracing, bool disableMetrics)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:db"] = fixture.ConnectionString;
        builder.Configuration["Aspire:Libsql:Client:DisableTracing"] = disableTracing.ToString();
        builder.Configuration["Aspire:Libsql:Client:DisableMetrics"] = disableMetrics.ToString();
        builder.AddLibsqlClient("db");
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        await host.StartAsync(ct);

        await host.Services.GetRequiredService<LibsqlClient>().ExecuteAsync("SELECT 1", cancellationToken: ct);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Equal(!disableTracing, spans.Any(s => s.Source.Name == LibsqlDiagnostics.ActivitySourceName));
        Assert.Equal(!disableMetrics, metrics.Any(m => m.MeterName == LibsqlDiagnostics.MeterName && m.Name == LibsqlDiagnostics.OperationDurationMetricName));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task HealthCheckTimeout_limits_the_check_when_the_server_does_not_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FakeHranaServer.StartAsync();
        // The server holds every query far longer than the check may take; the client itself would wait a minute.
        server.Delay = TimeSpan.FromMinutes(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:db"] = $"Endpoint={server.Uri};Protocol=Json;Timeout=00:01:00";
        builder.Configuration["Aspire:Libsql:Client:HealthCheckTimeout"] = "00:00:00.500";
        builder.AddLibsqlClient("db");
        using var host = builder.Build();

        var registration = Assert.Single(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal(TimeSpan.FromMilliseconds(500), registration.Timeout);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Far above the setting, far below the server's delay and the client's own timeout: only the setting can end it.
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(limit.Token);

        Assert.False(limit.IsCancellationRequested);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[LibsqlClientDefaults.HealthCheckName].Status);
    }

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
