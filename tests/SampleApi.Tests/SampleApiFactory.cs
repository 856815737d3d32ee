using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Trace;

namespace SampleApi.Tests;

/// <summary>Hosts SampleApi in memory (the real Program, nothing replaced) against one database.</summary>
/// <param name="connectionString">What <c>ConnectionStrings:db</c> is set to.</param>
public sealed class SampleApiFactory(string connectionString) : WebApplicationFactory<Program>
{
    /// <summary>The hosting environment; OpenAPI is served in Development only.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>
    /// Collect every log record (down to Trace) and every finished span, for the telemetry tests. Off by default:
    /// Trace-level logging of every request would slow the load test.
    /// </summary>
    public bool CaptureTelemetry { get; init; }

    /// <summary>More configuration settings, as the AppHost would give them through the environment.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>The finished spans, when <see cref="CaptureTelemetry"/> is on.</summary>
    public LockedCollection<Activity> Activities { get; } = new();

    /// <summary>The log records, when <see cref="CaptureTelemetry"/> is on.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:db", connectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (CaptureTelemetry)
        {
            builder.ConfigureLogging(logging => logging
                .AddFakeLogging()
                .AddFilter<FakeLoggerProvider>(null, LogLevel.Trace));
            builder.ConfigureServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities)));
        }
    }
}
