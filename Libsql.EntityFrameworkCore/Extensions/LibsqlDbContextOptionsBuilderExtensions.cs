using System.Data.Common;
using Libsql.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// <c>UseLibsql</c>: points a <see cref="DbContext"/> at libSQL's server (sqld) over Hrana, as <c>UseSqlite</c> points
/// one at a local file.
/// </summary>
public static class LibsqlDbContextOptionsBuilderExtensions
{
    /// <summary>Uses sqld; the connection string is any form <c>LibsqlConnectionStringBuilder</c> accepts.</summary>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connectionString">For example <c>Endpoint=http://127.0.0.1:8080;AuthToken=eyJ...</c>.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder UseLibsql(
        this DbContextOptionsBuilder optionsBuilder,
        string connectionString,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Validated here, so a bad connection string fails at configuration with a message that names the key.
        _ = new Libsql.Client.LibsqlConnectionStringBuilder(connectionString).ToOptions();
        var extension = (LibsqlOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnectionString(connectionString);
        return Apply(optionsBuilder, extension, libsqlOptionsAction);
    }

    /// <summary>
    /// Uses sqld through an existing connection (a <c>LibsqlConnection</c>); the caller owns and disposes it.
    /// </summary>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connection">The connection; opened by EF Core when needed if it is closed.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder UseLibsql(
        this DbContextOptionsBuilder optionsBuilder,
        DbConnection connection,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null) =>
        UseLibsql(optionsBuilder, connection, contextOwnsConnection: false, libsqlOptionsAction);

    /// <summary>Uses sqld through an existing connection (a <c>LibsqlConnection</c>).</summary>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connection">The connection; opened by EF Core when needed if it is closed.</param>
    /// <param name="contextOwnsConnection">True to let the context dispose the connection with itself.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder UseLibsql(
        this DbContextOptionsBuilder optionsBuilder,
        DbConnection connection,
        bool contextOwnsConnection,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not Libsql.Client.LibsqlConnection)
        {
            throw new ArgumentException(
                $"UseLibsql needs a Libsql.Client.LibsqlConnection; got {connection.GetType().FullName}. For a local SQLite file use UseSqlite.",
                nameof(connection));
        }

        var extension = (LibsqlOptionsExtension)GetOrCreateExtension(optionsBuilder).WithConnection(connection, contextOwnsConnection);
        return Apply(optionsBuilder, extension, libsqlOptionsAction);
    }

    /// <summary>Uses sqld; the connection string is any form <c>LibsqlConnectionStringBuilder</c> accepts.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connectionString">For example <c>Endpoint=http://127.0.0.1:8080;AuthToken=eyJ...</c>.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder<TContext> UseLibsql<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        string connectionString,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseLibsql((DbContextOptionsBuilder)optionsBuilder, connectionString, libsqlOptionsAction);

    /// <summary>
    /// Uses sqld through an existing connection (a <c>LibsqlConnection</c>); the caller owns and disposes it.
    /// </summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connection">The connection; opened by EF Core when needed if it is closed.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder<TContext> UseLibsql<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        DbConnection connection,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseLibsql((DbContextOptionsBuilder)optionsBuilder, connection, libsqlOptionsAction);

    /// <summary>Uses sqld through an existing connection (a <c>LibsqlConnection</c>).</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The options builder.</param>
    /// <param name="connection">The connection; opened by EF Core when needed if it is closed.</param>
    /// <param name="contextOwnsConnection">True to let the context dispose the connection with itself.</param>
    /// <param name="libsqlOptionsAction">Further provider options.</param>
    /// <returns>The options builder, to chain calls.</returns>
    public static DbContextOptionsBuilder<TContext> UseLibsql<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder,
        DbConnection connection,
        bool contextOwnsConnection,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseLibsql((DbContextOptionsBuilder)optionsBuilder, connection, contextOwnsConnection, libsqlOptionsAction);

    private static DbContextOptionsBuilder Apply(
        DbContextOptionsBuilder optionsBuilder,
        LibsqlOptionsExtension extension,
        Action<LibsqlDbContextOptionsBuilder>? libsqlOptionsAction)
    {
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);

        var coreOptions = optionsBuilder.Options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(
            RelationalOptionsExtension.WithDefaultWarningConfiguration(coreOptions));

        libsqlOptionsAction?.Invoke(new LibsqlDbContextOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    private static LibsqlOptionsExtension GetOrCreateExtension(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.Options.FindExtension<LibsqlOptionsExtension>() ?? new LibsqlOptionsExtension();
}
