using Libsql.Client;

namespace OpenTelemetry.Metrics;

/// <summary>Adds the libSQL client's metrics to an OpenTelemetry meter provider.</summary>
public static class LibsqlMeterProviderBuilderExtensions
{
    /// <summary>Subscribes to the <c>Libsql.Client</c> Meter (<c>db.client.operation.duration</c>, seconds).</summary>
    /// <param name="builder">The meter builder.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddLibsqlInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(LibsqlDiagnostics.MeterName);
    }
}
