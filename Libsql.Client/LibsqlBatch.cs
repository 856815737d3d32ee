using System.Data;
using System.Data.Common;

namespace Libsql.Client;

/// <summary>
/// Several commands sent in ONE Hrana batch request. Outside a transaction the batch is atomic, as in Npgsql and the
/// official libSQL client: BEGIN IMMEDIATE, the commands, COMMIT; any failure rolls everything back, and if the
/// response is lost the error says the outcome is unknown (<see cref="LibsqlErrorKind.OutcomeUnknown"/>). Inside a
/// <see cref="LibsqlDbTransaction"/> the batch runs on the transaction's stream. Execution stops at the first failing
/// statement; each statement that returns columns is one result set of the reader.
/// </summary>
public sealed class LibsqlBatch : DbBatch
{
    private CancellationTokenSource? _running;

    /// <summary>An empty batch.</summary>
    public LibsqlBatch()
    {
    }

    /// <summary>An empty batch on a connection.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, if any.</param>
    public LibsqlBatch(LibsqlConnection? connection, LibsqlDbTransaction? transaction = null)
    {
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The commands.</summary>
    public new LibsqlBatchCommandCollection BatchCommands { get; } = new();

    /// <summary>Seconds before the batch is cancelled; 0 leaves it to the client's Timeout.</summary>
    public override int Timeout { get; set; }

    /// <summary>The connection.</summary>
    public new LibsqlConnection? Connection { get; set; }

    /// <summary>The transaction; when null, the connection's open transaction (if any) is used.</summary>
    public new LibsqlDbTransaction? Transaction { get; set; }

    /// <inheritdoc/>
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <inheritdoc/>
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = value as LibsqlConnection ?? (value is null ? null : throw new ArgumentException("Expected a LibsqlConnection.", nameof(value)));
    }

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = value as LibsqlDbTransaction ?? (value is null ? null : throw new ArgumentException("Expected a LibsqlDbTransaction.", nameof(value)));
    }

    /// <summary>Runs the batch and reads its result sets as they arrive.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The reader, on the first result set.</returns>
    public new async Task<LibsqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        (LibsqlDataReader)await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the batch; returns the rows changed by all its INSERT, UPDATE and DELETE statements (-1 for queries only).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Rows changed; per command in <see cref="LibsqlBatchCommand.RecordsAffected"/>.</returns>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default)
    {
        var reader = await RunAsync(CommandBehavior.Default, stream: false, wantRows: false, cancellationToken).ConfigureAwait(false);
        return await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override object? ExecuteScalar() => ExecuteScalarAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the batch; returns the first column of the first row of the first result set.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The value, <see cref="DBNull.Value"/> for NULL, or null when there is no row.</returns>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
    {
        var reader = await RunAsync(CommandBehavior.Default, stream: false, wantRows: true, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.FieldCount > 0 ? reader.GetValue(0) : null;
        }
    }

    /// <summary>Does nothing: sqld prepares statements itself.</summary>
    public override void Prepare()
    {
    }

    /// <summary>Does nothing: sqld prepares statements itself.</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>A completed task.</returns>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Cancels the running execution, if any.</summary>
    public override void Cancel() => _running?.Cancel();

    /// <inheritdoc/>
    protected override DbBatchCommand CreateDbBatchCommand() => new LibsqlBatchCommand();

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        ExecuteDbDataReaderAsync(behavior, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await RunAsync(behavior, stream: true, wantRows: true, cancellationToken).ConfigureAwait(false);

    private async Task<LibsqlDataReader> RunAsync(CommandBehavior behavior, bool stream, bool wantRows, CancellationToken cancellationToken)
    {
        var (connection, transaction) = LibsqlExecution.Resolve(Connection, Transaction);
        if (BatchCommands.Count == 0)
        {
            throw new InvalidOperationException("The batch has no commands.");
        }

        var commands = new (string, IReadOnlyList<LibsqlParameter>)[BatchCommands.Count];
        for (var i = 0; i < commands.Length; i++)
        {
            BatchCommands[i].ResetRecordsAffected();
            commands[i] = (BatchCommands[i].CommandText, BatchCommands[i].Parameters.Items);
        }

        var plan = LibsqlExecution.Plan(connection, transaction, commands, batch: true, wantRows);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout > 0)
        {
            running.CancelAfter(TimeSpan.FromSeconds(Timeout));
        }

        _running = running;
        try
        {
            var source = await LibsqlExecution.OpenAsync(connection, transaction, plan, stream, running.Token).ConfigureAwait(false);
            var reader = new LibsqlDataReader(connection.Client, plan, source, (behavior & CommandBehavior.CloseConnection) != 0 ? connection : null, BatchCommands);
            await reader.StartAsync(running.Token).ConfigureAwait(false);
            return reader;
        }
        finally
        {
            _running = null;
        }
    }
}
