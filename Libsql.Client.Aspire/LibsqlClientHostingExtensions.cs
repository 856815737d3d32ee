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
/// <c>Aspire:Libsql:Client</c>, the connection string from <c>ConnectionStrings:{name}</c>, a <c>SELECT 1</c> health
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
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
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
}
