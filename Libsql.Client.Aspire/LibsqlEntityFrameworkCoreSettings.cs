namespace Libsql.EntityFrameworkCore;

/// <summary>
/// Settings of <c>AddLibsqlDbContext</c>, bound from the configuration section <c>Aspire:Libsql:EntityFrameworkCore</c>
/// (then <c>Aspire:Libsql:EntityFrameworkCore:{context type name}</c>); <c>ConnectionStrings:{connectionName}</c> wins
/// for the connection string.
/// </summary>
public sealed class LibsqlEntityFrameworkCoreSettings
{
    /// <summary>The configuration section the settings are read from: <c>Aspire:Libsql:EntityFrameworkCore</c>.</summary>
    public const string ConfigurationSectionName = "Aspire:Libsql:EntityFrameworkCore";

    /// <summary>The connection string (any form <c>LibsqlConnectionStringBuilder</c> accepts).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Do not register the context's health check (named after the context type; EF Core's <c>CanConnect</c>).</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Do not add the <c>Libsql.Client</c> ActivitySource to OpenTelemetry tracing.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Do not add the <c>Libsql.Client</c> and <c>Microsoft.EntityFrameworkCore</c> Meters to OpenTelemetry metrics.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Seconds before EF Core cancels a command; null leaves it to the connection string's <c>Timeout</c>.</summary>
    public int? CommandTimeout { get; set; }

    /// <summary>The settings with the connection string's token masked.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"ConnectionString={Masked(ConnectionString)}, DisableHealthChecks={DisableHealthChecks}, DisableTracing={DisableTracing}, " +
        $"DisableMetrics={DisableMetrics}, CommandTimeout={CommandTimeout}";

    private static string Masked(string? connectionString)
    {
        if (connectionString is null)
        {
            return "(none)";
        }

        try
        {
            return new Libsql.Client.LibsqlConnectionStringBuilder(connectionString).ToString();
        }
        catch (ArgumentException)
        {
            // Never echo a string that could not be parsed: it may hold a token in a place the mask does not know.
            return "(invalid)";
        }
    }
}
