namespace Libsql.Client;

/// <summary>Names of the client's OpenTelemetry sources, for <c>AddSource</c> / <c>AddMeter</c> or listeners.</summary>
public static class LibsqlDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Libsql.Client</c>.</summary>
    public const string ActivitySourceName = "Libsql.Client";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>Libsql.Client</c>.</summary>
    public const string MeterName = "Libsql.Client";

    /// <summary>
    /// The <c>db.system.name</c> value: <c>sqlite</c>. OpenTelemetry's registry has no libSQL entry and says a listed
    /// value that applies MUST be used; libSQL is SQLite's dialect and file format, so backends that pick a SQL
    /// parser or icon from this attribute treat it correctly.
    /// </summary>
    public const string DbSystemName = "sqlite";

    /// <summary>The duration histogram: <c>db.client.operation.duration</c>, in seconds.</summary>
    public const string OperationDurationMetricName = "db.client.operation.duration";
}
