namespace Libsql.Client;

/// <summary>Names used by the DI integration.</summary>
public static class LibsqlClientDefaults
{
    /// <summary>The configuration section of <see cref="LibsqlClientSettings"/>: <c>Aspire:Libsql:Client</c>.</summary>
    public const string ConfigurationSectionName = "Aspire:Libsql:Client";

    /// <summary>The health check's name (<c>Libsql</c>, or <c>Libsql_{name}</c> for keyed clients).</summary>
    public const string HealthCheckName = "Libsql";
}
