using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Libsql.Client;

/// <summary>The ActivitySource and Meter shared by every client, following OpenTelemetry's database client conventions.</summary>
internal static class LibsqlTelemetry
{
    private static readonly string? s_version = typeof(LibsqlTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static ActivitySource Source { get; } = new(LibsqlDiagnostics.ActivitySourceName, s_version);

    public static Meter Meter { get; } = new(LibsqlDiagnostics.MeterName, s_version);

    public static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram(
        LibsqlDiagnostics.OperationDurationMetricName,
        unit: "s",
        description: "Duration of database client operations.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });
}
