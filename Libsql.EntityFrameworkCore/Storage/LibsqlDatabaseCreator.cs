using Libsql.Client;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Libsql.EntityFrameworkCore.Storage;

/// <summary>
/// <c>EnsureCreated</c>/<c>EnsureDeleted</c> for sqld. sqld owns its database file, so "the database exists" means
/// the server answers for the connection's namespace, and deleting it drops every user object (tables, views,
/// triggers, indexes) instead of deleting a file.
/// </summary>
public class LibsqlDatabaseCreator : RelationalDatabaseCreator
{
    // sqld's own tables (libsql-server's query_analysis.rs: clients may not write them) and SQLite's internal ones are not user objects.
    private const string UserObjectFilter =
        "substr(\"name\", 1, 7) <> 'sqlite_' AND \"name\" NOT IN ('_litestream_seq', '_litestream_lock', 'libsql_wasm_func_table')";

    private readonly IRawSqlCommandBuilder _rawSqlCommandBuilder;

    /// <summary>A creator for the context's connection.</summary>
    /// <param name="dependencies">EF Core's creator dependencies.</param>
    /// <param name="rawSqlCommandBuilder">Builds the commands the creator runs.</param>
    public LibsqlDatabaseCreator(RelationalDatabaseCreatorDependencies dependencies, IRawSqlCommandBuilder rawSqlCommandBuilder)
        : base(dependencies)
    {
        ArgumentNullException.ThrowIfNull(rawSqlCommandBuilder);
        _rawSqlCommandBuilder = rawSqlCommandBuilder;
    }

    /// <summary>True when sqld answers a query for the connection's namespace; false when the namespace does not exist.</summary>
    /// <returns>Whether the database exists.</returns>
    public override bool Exists() => ExistsAsync().GetAwaiter().GetResult();

    /// <summary>True when sqld answers a query for the connection's namespace; false when the namespace does not exist.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether the database exists.</returns>
    public override async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dependencies.Connection;
        try
        {
            await connection.OpenAsync(cancellationToken, errorsExpected: true).ConfigureAwait(false);
            await _rawSqlCommandBuilder.Build("SELECT 1;").ExecuteScalarAsync(Parameters(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (LibsqlException e) when (e.Kind == LibsqlErrorKind.NamespaceNotFound)
        {
            return false;
        }
        finally
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when the database holds at least one user table.</summary>
    /// <returns>Whether there are tables.</returns>
    public override bool HasTables() => HasTablesAsync().GetAwaiter().GetResult();

    /// <summary>True when the database holds at least one user table.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether there are tables.</returns>
    public override async Task<bool> HasTablesAsync(CancellationToken cancellationToken = default)
    {
        var count = await _rawSqlCommandBuilder
            .Build($"SELECT COUNT(*) FROM \"sqlite_schema\" WHERE \"type\" = 'table' AND {UserObjectFilter};")
            .ExecuteScalarAsync(Parameters(), cancellationToken)
            .ConfigureAwait(false);
        return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Called by <c>EnsureCreated</c> only when the namespace does not exist: sqld creates namespaces through its admin
    /// API, not over Hrana, so this throws an error that says so.
    /// </summary>
    public override void Create() => throw NamespaceMissing();

    /// <summary>
    /// Called by <c>EnsureCreated</c> only when the namespace does not exist: sqld creates namespaces through its admin
    /// API, not over Hrana, so this throws an error that says so.
    /// </summary>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never completes successfully.</returns>
    public override Task CreateAsync(CancellationToken cancellationToken = default) => Task.FromException(NamespaceMissing());

    /// <summary>Drops every user table, view, trigger and index in one transaction.</summary>
    public override void Delete() => DropUserObjectsAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Drops every user table, view, trigger and index in one transaction.</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>A task that completes when everything is dropped.</returns>
    public override Task DeleteAsync(CancellationToken cancellationToken = default) => DropUserObjectsAsync(cancellationToken);

    /// <summary>Drops every user table, view, trigger and index (sqld cannot delete its database file).</summary>
    /// <returns>True when something was dropped; false when the database held no user objects or the namespace does not exist.</returns>
    public override bool EnsureDeleted() => EnsureDeletedAsync().GetAwaiter().GetResult();

    /// <summary>Drops every user table, view, trigger and index (sqld cannot delete its database file).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>True when something was dropped; false when the database held no user objects or the namespace does not exist.</returns>
    public override async Task<bool> EnsureDeletedAsync(CancellationToken cancellationToken = default) =>
        await ExistsAsync(cancellationToken).ConfigureAwait(false) && await DropUserObjectsAsync(cancellationToken).ConfigureAwait(false);

    private async Task<bool> DropUserObjectsAsync(CancellationToken cancellationToken)
    {
        var connection = Dependencies.Connection;
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var objects = await ListUserObjectsAsync(cancellationToken).ConfigureAwait(false);
            if (objects.Count == 0)
            {
                return false;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // Foreign keys are checked at commit, when every table is gone, not at each DROP's implicit DELETE.
            await ExecuteAsync("PRAGMA defer_foreign_keys = ON;", cancellationToken).ConfigureAwait(false);
            foreach (var (type, name) in objects)
            {
                // IF EXISTS: dropping a virtual table drops its shadow tables with it.
                await ExecuteAsync(
                    $"DROP {type} IF EXISTS {Dependencies.SqlGenerationHelper.DelimitIdentifier(name)};", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<(string Type, string Name)>> ListUserObjectsAsync(CancellationToken cancellationToken)
    {
        // Views and triggers first (they name tables), then virtual tables (they own shadow tables), then tables;
        // indexes go with their tables.
        var sql = $"""
            SELECT upper("type"), "name" FROM "sqlite_schema"
            WHERE "type" IN ('view', 'trigger', 'table') AND {UserObjectFilter}
            ORDER BY CASE
                WHEN "type" = 'view' THEN 0
                WHEN "type" = 'trigger' THEN 1
                WHEN "sql" LIKE 'CREATE VIRTUAL TABLE%' THEN 2
                ELSE 3 END, "name";
            """;
        var objects = new List<(string, string)>();
        await using var reader = await _rawSqlCommandBuilder.Build(sql).ExecuteReaderAsync(Parameters(), cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            objects.Add((reader.DbDataReader.GetString(0), reader.DbDataReader.GetString(1)));
        }

        return objects;
    }

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        _rawSqlCommandBuilder.Build(sql).ExecuteNonQueryAsync(Parameters(), cancellationToken);

    private RelationalCommandParameterObject Parameters() =>
        new(Dependencies.Connection, null, null, Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations);

    private InvalidOperationException NamespaceMissing()
    {
        var name = new LibsqlConnectionStringBuilder(Dependencies.Connection.ConnectionString ?? "").Namespace ?? "default";
        return new InvalidOperationException(
            $"The libSQL namespace '{name}' does not exist on the server. sqld creates namespaces through its admin API " +
            "(POST /v1/namespaces/{name}/create on the admin listener, with sqld --enable-namespaces); create it there, " +
            "or connect to a server without namespaces and drop Namespace= from the connection string.");
    }
}
