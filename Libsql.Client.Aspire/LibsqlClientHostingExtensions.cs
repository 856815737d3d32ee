using Libsql.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers a <see cref="LibsqlClient"/> in the style of Aspire's client integrations (Aspire.Npgsql): settings from
/// <c>Aspire:Libsql:Client</c>, the connection string from <c>ConnectionStrings:{name}</c> (or its portable form), a <c>SELECT 1</c> health
/// check, and the <c>Libsql.Client</c> ActivitySource and Meter in OpenTelemetry. No Aspire package is needed.
/// </summary>
public static class LibsqlClientHostingExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="LibsqlClient"/>, a <see cref="LibsqlDataSource"/> (also as
    /// <see cref="System.Data.Common.DbDataSource"/>) and transient <see cref="LibsqlConnection"/>s.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The name under <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddLibsqlClient(this IHostApplicationBuilder builder, string connectionName, Action<LibsqlClientSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        Add(builder, connectionName, serviceKey: null, configureSettings);
        return builder;
    }

    /// <summary>Like <see cref="AddLibsqlClient"/>, with <paramref name="name"/> as both connection name and DI service key.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="name">The connection name and service key.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddKeyedLibsqlClient(this IHostApplicationBuilder builder, string name, Action<LibsqlClientSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Add(builder, name, serviceKey: name, configureSettings);
        return builder;
    }

    private static void Add(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<LibsqlClientSettings>? configureSettings)
    {
        var settings = new LibsqlClientSettings();
        var section = builder.Configuration.GetSection(LibsqlClientDefaults.ConfigurationSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        if (ReadConnectionString(builder.Configuration, connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);
        LibsqlFactory.Register();

        // Validation waits for first resolution, as in Aspire, so a missing connection string fails where it is used.
        LibsqlClient Create(IServiceProvider services) =>
            new(settings.ToOptions(connectionName), httpClient: null, services.GetService<ILoggerFactory>());

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(Create);
            builder.Services.AddSingleton(sp => new LibsqlDataSource(sp.GetRequiredService<LibsqlClient>()));
            builder.Services.AddSingleton<System.Data.Common.DbDataSource>(sp => sp.GetRequiredService<LibsqlDataSource>());
            builder.Services.AddTransient(sp => sp.GetRequiredService<LibsqlDataSource>().CreateConnection());
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (sp, _) => Create(sp));
            builder.Services.AddKeyedSingleton(serviceKey, (sp, key) => new LibsqlDataSource(sp.GetRequiredKeyedService<LibsqlClient>(key)));
            builder.Services.AddKeyedSingleton<System.Data.Common.DbDataSource>(serviceKey, (sp, key) => sp.GetRequiredKeyedService<LibsqlDataSource>(key));
            builder.Services.AddKeyedTransient(serviceKey, (sp, key) => sp.GetRequiredKeyedService<LibsqlDataSource>(key).CreateConnection());
        }

        if (!settings.DisableHealthChecks)
        {
            var name = serviceKey is null ? LibsqlClientDefaults.HealthCheckName : $"{LibsqlClientDefaults.HealthCheckName}_{connectionName}";
            if (builder.Properties.TryAdd($"Libsql.HealthChecks.{name}", true))
            {
                builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                    name,
                    sp => new LibsqlHealthCheck(
                        serviceKey is null ? sp.GetRequiredService<LibsqlClient>() : sp.GetRequiredKeyedService<LibsqlClient>(serviceKey),
                        settings.HealthCheckTimeout),
                    failureStatus: default,
                    tags: default,
                    timeout: settings.HealthCheckTimeout));
            }
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddLibsqlInstrumentation());
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddLibsqlInstrumentation());
        }
    }

    /// <summary>
    /// The connection string under its name (<c>ConnectionStrings:my-db</c>); else under the portable name that Aspire
    /// 13.6's stricter publishers (Kubernetes, App Service) emit instead (<c>ConnectionStrings__my_db</c>); else put
    /// together from the connection properties (<c>MY_DB_URI</c>, <c>MY_DB_AUTHTOKEN</c>, <c>MY_DB_DATABASE</c>) for a
    /// consumer given only those.
    /// </summary>
    private static string? ReadConnectionString(IConfiguration configuration, string connectionName)
    {
        if (configuration.GetConnectionString(connectionName) is { } exact)
        {
            return exact;
        }

        var encoded = EncodeName(connectionName);
        // The environment provider reads "__" as a section separator, so Aspire collapses underscore runs.
        var portable = string.Join('_', encoded.Split('_', StringSplitOptions.RemoveEmptyEntries));
        if (encoded.StartsWith('_'))
        {
            portable = "_" + portable;
        }

        if (portable != connectionName && configuration.GetConnectionString(portable) is { } portableValue)
        {
            return portableValue;
        }

        var prefix = encoded.ToUpperInvariant();
        if (configuration[$"{prefix}_URI"] is not { Length: > 0 } uri)
        {
            return null;
        }

        var fromProperties = new LibsqlConnectionStringBuilder { Endpoint = uri };
        if (configuration[$"{prefix}_AUTHTOKEN"] is { Length: > 0 } token)
        {
            fromProperties.AuthToken = token;
        }

        if (configuration[$"{prefix}_DATABASE"] is { Length: > 0 } database)
        {
            fromProperties.Namespace = database;
        }

        return fromProperties.ConnectionString;
    }

    /// <summary>Aspire's environment-variable form of a name: ASCII letters and digits kept, anything else '_', '_' before a leading digit.</summary>
    private static string EncodeName(string name)
    {
        var encoded = new System.Text.StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            encoded.Append('_');
        }

        foreach (var c in name)
        {
            encoded.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return encoded.ToString();
    }
}
