using System.Diagnostics;
using System.Net;
using Libsql.Client;
using Libsql.TestServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SampleApi.Tests;

public sealed class ServiceDefaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Health_reports_every_check_and_alive_only_the_live_ones(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("dependency", () => HealthCheckResult.Unhealthy("down"));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(Ct);
        using var client = app.GetTestClient();

        using var alive = await client.GetAsync("/alive", Ct);
        using var health = await client.GetAsync("/health", Ct);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.StatusCode, await alive.Content.ReadAsStringAsync(Ct)));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (health.StatusCode, await health.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task The_otlp_exporter_is_on_only_when_its_endpoint_is_set_and_then_exports()
    {
        await using var collector = await CountingServer.StartAsync(200, Ct);

        var (without, withoutExporter) = BuildHost(new Dictionary<string, string?>());
        without.Dispose();
        Assert.False(withoutExporter, "OTLP exporter registered without OTEL_EXPORTER_OTLP_ENDPOINT");

        var (with, withExporter) = BuildHost(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Uri.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using var disposeWith = with;
        Assert.True(withExporter);
        await with.StartAsync(Ct);
        using (var source = new ActivitySource(with.Services.GetRequiredService<IHostEnvironment>().ApplicationName))
        using (source.StartActivity("work"))
        {
        }

        Assert.True(with.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.Contains("POST /v1/traces", collector.Requests);
        await with.StopAsync(Ct);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_client_settings_switch_its_traces_and_metrics_even_with_service_defaults(bool disableTracing, bool disableMetrics)
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions(), Ct);
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:db"] = server.ConnectionString;
        builder.AddServiceDefaults();
        builder.AddLibsqlClient("db", settings =>
        {
            settings.DisableTracing = disableTracing;
            settings.DisableMetrics = disableMetrics;
        });
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(activities))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        var tracerProvider = host.Services.GetRequiredService<TracerProvider>();
        var meterProvider = host.Services.GetRequiredService<MeterProvider>();

        await host.Services.GetRequiredService<LibsqlClient>().ExecuteAsync("SELECT 1", cancellationToken: Ct);
        Assert.True(tracerProvider.ForceFlush(10_000));
        Assert.True(meterProvider.ForceFlush(10_000));

        Assert.Equal(!disableTracing, activities.Any(a => a.Source.Name == LibsqlDiagnostics.ActivitySourceName));
        Assert.Equal(!disableMetrics, metrics.Any(m => m.MeterName == LibsqlDiagnostics.MeterName));
    }

    [Fact]
    public async Task Ordinary_http_clients_retry_safe_methods_but_never_a_post()
    {
        await using var failing = await CountingServer.StartAsync(503, Ct);
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("other", http => http.BaseAddress = failing.Uri);
        builder.Services.PostConfigureAll<HttpStandardResilienceOptions>(options => options.Retry.Delay = TimeSpan.Zero);
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("other");

        using var get = await client.GetAsync("/read", Ct);
        using var post = await client.PostAsync("/write", new StringContent("x"), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(4, failing.Requests.Count(r => r == "GET /read"));
        Assert.Equal(1, failing.Requests.Count(r => r == "POST /write"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Service_defaults_add_no_attempt_to_the_libsql_clients_requests(bool defaultsFirst)
    {
        await using var failing = await CountingServer.StartAsync(503, Ct);
        var alone = await CountPipelinePostsAsync(failing, withDefaults: false, defaultsFirst);
        var withDefaults = await CountPipelinePostsAsync(failing, withDefaults: true, defaultsFirst);

        Assert.True(alone > 0);
        Assert.Equal(alone, withDefaults);
    }

    private static async Task<int> CountPipelinePostsAsync(CountingServer failing, bool withDefaults, bool defaultsFirst)
    {
        var before = failing.Requests.Count;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:db"] = failing.Uri.GetLeftPart(UriPartial.Authority);
        if (withDefaults && defaultsFirst)
        {
            builder.AddServiceDefaults();
        }

        builder.AddLibsqlClient("db");
        if (withDefaults && !defaultsFirst)
        {
            builder.AddServiceDefaults();
        }

        using var host = builder.Build();
        var db = host.Services.GetRequiredService<LibsqlClient>();
        await Assert.ThrowsAnyAsync<LibsqlException>(() => db.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: Ct));
        return failing.Requests.Skip(before).Count(r => r.StartsWith("POST ", StringComparison.Ordinal));
    }

    private static (IHost Host, bool HasOtlpExporter) BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        var exporter = typeof(OtlpExporterOptions).Assembly;
        var registered = builder.Services.Any(d =>
            FromAssembly(d.ServiceType, exporter) ||
            FromAssembly(d.ImplementationType, exporter) ||
            FromAssembly(d.ImplementationInstance?.GetType(), exporter) ||
            FromAssembly(d.ImplementationFactory?.Method.DeclaringType, exporter));
        return (builder.Build(), registered);
    }

    private static bool FromAssembly(Type? type, System.Reflection.Assembly assembly) =>
        type is not null && (type.Assembly == assembly || type.GetGenericArguments().Any(t => FromAssembly(t, assembly)));
}
