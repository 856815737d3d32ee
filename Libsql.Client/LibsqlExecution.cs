using System.Data;

namespace Libsql.Client;

/// <summary>Runs the statements of a <see cref="LibsqlCommand"/> or <see cref="LibsqlBatch"/> on a connection.</summary>
internal static class LibsqlExecution
{
    public static (LibsqlConnection Connection, LibsqlDbTransaction? Transaction) Resolve(LibsqlConnection? connection, LibsqlDbTransaction? transaction)
    {
        if (connection is null)
        {
            throw new InvalidOperationException("The command has no connection.");
        }

        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is not open.");
        }

        return (connection, transaction ?? connection.CurrentTransaction);
    }

    public static LibsqlCommandPlan Plan(LibsqlConnection connection, LibsqlDbTransaction? transaction, IReadOnlyList<(string Sql, IReadOnlyList<LibsqlParameter> Parameters)> commands, bool batch, bool wantRows) =>
        LibsqlCommandPlan.Create(
            commands,
            atomic: batch && transaction is null,
            autocommitGuard: transaction is not null && connection.Protocol != LibsqlProtocol.JsonV2,
            wantRows);

    /// <summary>
    /// Opens the plan's output: a streaming cursor outside transactions on Hrana 3, else the whole batch result (a
    /// transaction's stream serves one request at a time; Hrana 2 has no cursors).
    /// </summary>
    public static async Task<ILibsqlEntrySource> OpenAsync(LibsqlConnection connection, LibsqlDbTransaction? transaction, LibsqlCommandPlan plan, bool stream, CancellationToken cancellationToken)
    {
        var batch = plan.ToBatch();
        var sql = plan.SingleSql;
        var retry = plan.IsSingleStatement && LibsqlSql.IsReadOnly(sql!);
        try
        {
            if (transaction is not null)
            {
                return new LibsqlBufferedEntries(await transaction.Transaction.ExecuteBatchAsync(batch, sql, cancellationToken).ConfigureAwait(false), plan.Steps.Count);
            }

            if (stream && connection.Protocol != LibsqlProtocol.JsonV2)
            {
                return await connection.Client.OpenCursorAsync(batch, sql, retry, cancellationToken).ConfigureAwait(false);
            }

            return new LibsqlBufferedEntries(await connection.Client.ExecuteBatchAsync(batch, sql, retry, cancellationToken).ConfigureAwait(false), plan.Steps.Count);
        }
        catch (Exception ex) when (plan.IsAtomic && LibsqlErrors.IsAmbiguous(ex))
        {
            throw LibsqlErrors.OutcomeUnknown("batch", ex);
        }
    }
}
