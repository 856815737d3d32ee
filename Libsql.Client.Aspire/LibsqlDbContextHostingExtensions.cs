using Libsql.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers an EF Core <see cref="DbContext"/> on sqld in the style of Aspire's EF Core client integrations
/// (<c>AddNpgsqlDbContext</c>): context pooling, settings from configuration, a health check, and the client's
/// OpenTelemetry traces and metrics.
/// </summary>
public static class LibsqlDbContextHostingExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) with <c>UseLibsql</c> and the connection string
    /// <c>ConnectionStrings:{connectionName}</c>. Settings come from <c>Aspire:Libsql:EntityFrameworkCore</c>, then
    /// <c>Aspire:Libsql:EntityFrameworkCore:{TContext name}</c>. The health check is named after the context type.
    /// </summary>
    /// <remarks>
    /// No retrying execution strategy is installed: EF Core would re-run a whole <c>SaveChanges</c> whose response was
    /// lost, which sqld may already have applied. The client itself retries only read-only single statements.
    /// </remarks>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The name under <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Adjusts the settings after configuration is bound.</param>
    /// <param name="configureDbContextOptions">Further context options (after <c>UseLibsql</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TContext"/> is already registered.</exception>
    public static IHostApplicationBuilder AddLibsqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<LibsqlEntityFrameworkCoreSettings>? configureSettings = null,
        Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        if (builder.Services.Any(d => d.ServiceType == typeof(TContext)))
        {
            throw new InvalidOperationException(
                $"{typeof(TContext).Name} is already registered; call AddLibsqlDbContext<{typeof(TContext).Name}> once and drop the other AddDbContext registration.");
        }

        var contextSection = $"{LibsqlEntityFrameworkCoreSettings.ConfigurationSectionName}:{typeof(TContext).Name}";
        var settings = new LibsqlEntityFrameworkCoreSettings();
        builder.Configuration.GetSection(LibsqlEntityFrameworkCoreSettings.ConfigurationSectionName).Bind(settings);
        builder.Configuration.GetSection(contextSection).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);

        builder.Services.AddDbContextPool<TContext>(options =>
        {
            // Validated when the first context is made, as in Aspire, so the error surfaces where it is used and logged.
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException(
                    $"{typeof(TContext).Name} could not be configured: no connection string. Set 'ConnectionStrings:{connectionName}' or " +
                    $"'ConnectionString' in the '{LibsqlEntityFrameworkCoreSettings.ConfigurationSectionName}' or '{contextSection}' configuration section.");
            }

            options.UseLibsql(settings.ConnectionString, libsql =>
            {
                if (settings.CommandTimeout is { } timeout)
                {
                    libsql.CommandTimeout(timeout);
                }
            });
            configureDbContextOptions?.Invoke(options);
        });

        if (!settings.DisableHealthChecks && builder.Properties.TryAdd($"Libsql.HealthChecks.{typeof(TContext).Name}", true))
        {
            builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(typeof(TContext).Name);
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddLibsqlInstrumentation());
        }

        if (!settings.DisableMetrics)
        {
            // EF Core's own meter (context, query-cache and SaveChanges counters) beside the client's.
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddLibsqlInstrumentation().AddMeter("Microsoft.EntityFrameworkCore"));
        }

        return builder;
    }
}
