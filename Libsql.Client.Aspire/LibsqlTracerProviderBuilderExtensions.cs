using Libsql.Client;

namespace OpenTelemetry.Trace;

/// <summary>Adds the libSQL client's spans to an OpenTelemetry tracer.</summary>
public static class LibsqlTracerProviderBuilderExtensions
{
    /// <summary>Subscribes to the <c>Libsql.Client</c> ActivitySource.</summary>
    /// <param name="builder">The tracer builder.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddLibsqlInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(LibsqlDiagnostics.ActivitySourceName);
    }
}
