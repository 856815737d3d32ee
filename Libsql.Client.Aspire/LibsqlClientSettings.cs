namespace Libsql.Client;

/// <summary>
/// Settings of <c>AddLibsqlClient</c>, bound from the configuration section <c>Aspire:Libsql:Client</c> (then
/// <c>Aspire:Libsql:Client:{connectionName}</c>); <c>ConnectionStrings:{connectionName}</c> wins for the connection string.
/// </summary>
public sealed class LibsqlClientSettings
{
    /// <summary>The connection string (any form <see cref="LibsqlConnectionStringBuilder"/> accepts).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Do not register the <c>SELECT 1</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Do not add the <c>Libsql.Client</c> ActivitySource to OpenTelemetry tracing.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Do not add the <c>Libsql.Client</c> Meter to OpenTelemetry metrics.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Overrides the connection string's request timeout.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Time limit of the health check; null uses the request timeout.</summary>
    public TimeSpan? HealthCheckTimeout { get; set; }

    /// <summary>Record SQL text as <c>db.query.text</c> on spans (off by default).</summary>
    public bool RecordQueryText { get; set; }

    /// <summary>Attach the failing statement's SQL to exceptions (off by default).</summary>
    public bool IncludeStatementInErrors { get; set; }

    /// <summary>Retries of read-only single statements on transient failures (default 3; 0 disables).</summary>
    public int? MaxRetryAttempts { get; set; }

    /// <summary>The settings with the connection string's token masked.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString()
    {
        string connection;
        try
        {
            connection = ConnectionString is null ? "(none)" : new LibsqlConnectionStringBuilder(ConnectionString).ToString();
        }
        catch (ArgumentException)
        {
            connection = "(invalid)";
        }

        return $"ConnectionString={connection}; DisableHealthChecks={DisableHealthChecks}; DisableTracing={DisableTracing}; DisableMetrics={DisableMetrics}; Timeout={Timeout}";
    }

    internal LibsqlClientOptions ToOptions(string connectionName)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                $"A LibsqlClient could not be configured: no connection string. Set 'ConnectionStrings:{connectionName}' " +
                $"or 'ConnectionString' in the '{LibsqlClientDefaults.ConfigurationSectionName}' configuration section.");
        }

        var options = LibsqlClientOptions.Parse(ConnectionString);
        if (Timeout is { } timeout)
        {
            options.Timeout = timeout;
        }

        if (MaxRetryAttempts is { } retries)
        {
            options.MaxRetryAttempts = retries;
        }

        options.RecordQueryText = RecordQueryText;
        options.IncludeStatementInErrors = IncludeStatementInErrors;
        return options;
    }
}
