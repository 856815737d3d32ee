using Libsql.EntityFrameworkCore.Infrastructure;
using Libsql.EntityFrameworkCore.Storage;
using Libsql.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Sqlite.Infrastructure.Internal;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the libSQL EF Core provider.</summary>
public static class LibsqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on sqld, like <c>AddSqlite</c>: a shortcut for
    /// <c>AddDbContext</c> with <c>UseLibsql</c>. For Aspire-style settings, health checks and telemetry use
    /// <c>AddLibsqlDbContext</c>.
    /// </summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="connectionString">The connection string (any form <c>LibsqlConnectionStringBuilder</c> accepts).</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <param name="optionsAction">Further context options.</param>
    /// <returns>The service collection, to chain calls.</returns>
    public static IServiceCollection AddLibsql<TContext>(
        this IServiceCollection services,
        string connectionString,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null,
        Action<DbContextOptionsBuilder>? optionsAction = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddDbContext<TContext>((_, options) =>
        {
            optionsAction?.Invoke(options);
            options.UseLibsql(connectionString, libsqlOptionsAction);
        });
    }

    /// <summary>
    /// Adds the provider's services to EF Core's internal service provider. <c>UseLibsql</c> calls it; call it
    /// yourself only when you build that provider by hand (<c>UseInternalServiceProvider</c>).
    /// </summary>
    /// <param name="services">EF Core's internal services.</param>
    /// <returns>The service collection, to chain calls.</returns>
    public static IServiceCollection AddEntityFrameworkLibsql(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Registered before the SQLite provider's services: its TryAdd calls then keep these and bring everything
        // else (SQL generation, type mappings, migrations SQL, query translation) unchanged.
        new EntityFrameworkRelationalServicesBuilder(services)
            .TryAdd<IDatabaseProvider, DatabaseProvider<LibsqlOptionsExtension>>()
            .TryAdd<IRelationalDatabaseCreator, LibsqlDatabaseCreator>()
            .TryAdd<IModificationCommandBatchFactory, LibsqlModificationCommandBatchFactory>()
            .TryAddProviderSpecificServices(p => p.TryAddScoped<ISqliteRelationalConnection, LibsqlRelationalConnection>());

        services.AddEntityFrameworkSqlite();

        // IDatabaseProvider allows several registrations, so the SQLite provider's own one was added too; EF Core
        // refuses a service provider with two database providers.
        var sqliteProvider = services.Single(d => d.ServiceType == typeof(IDatabaseProvider) && d.ImplementationType == typeof(DatabaseProvider<SqliteOptionsExtension>));
        services.Remove(sqliteProvider);
        return services;
    }
}
