using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Libsql.Client;

/// <summary>
/// SQL to run on a <see cref="LibsqlConnection"/>, with <see cref="LibsqlParameter"/>s. The text may hold several
/// statements separated by semicolons, as with Microsoft.Data.Sqlite: they run in order, stopping at the first that
/// fails; each one that returns columns is a result set; named parameters are shared (each statement gets those it
/// names) and anonymous <c>?</c> ones are handed out in order. Inside a <see cref="LibsqlDbTransaction"/> the command
/// runs on the transaction's stream.
/// </summary>
public sealed class LibsqlCommand : DbCommand
{
    private readonly LibsqlParameterCollection _parameters = new();
    private string _commandText = "";
    private CancellationTokenSource? _running;

    /// <summary>An empty command.</summary>
    public LibsqlCommand()
    {
    }

    /// <summary>A command with SQL and a connection.</summary>
    /// <param name="commandText">The SQL (one or more statements).</param>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, if any.</param>
    public LibsqlCommand(string commandText, LibsqlConnection? connection = null, LibsqlDbTransaction? transaction = null)
    {
        CommandText = commandText;
        Connection = connection;
        Transaction = transaction;
    }

    /// <inheritdoc/>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <summary>Seconds before the command is cancelled; 0 leaves it to the client's Timeout.</summary>
    public override int CommandTimeout { get; set; }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "libSQL supports CommandType.Text only.");
            }
        }
    }

    /// <inheritdoc/>
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc/>
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>The connection.</summary>
    public new LibsqlConnection? Connection { get; set; }

    /// <summary>The transaction; when null, the connection's open transaction (if any) is used.</summary>
    public new LibsqlDbTransaction? Transaction { get; set; }

    /// <summary>The parameters.</summary>
    public new LibsqlParameterCollection Parameters => _parameters;

    /// <inheritdoc/>
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = value as LibsqlConnection ?? (value is null ? null : throw new ArgumentException("Expected a LibsqlConnection.", nameof(value)));
    }

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => _parameters;

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = value as LibsqlDbTransaction ?? (value is null ? null : throw new ArgumentException("Expected a LibsqlDbTransaction.", nameof(value)));
    }

    /// <summary>Cancels the running execution, if any.</summary>
    public override void Cancel() => _running?.Cancel();

    /// <summary>Runs the statements and returns the changes of the INSERT, UPDATE and DELETE statements among them (-1 for queries only).</summary>
    /// <returns>Rows changed.</returns>
    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the statements and returns the changes of the INSERT, UPDATE and DELETE statements among them (-1 for queries only).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Rows changed.</returns>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        var reader = await RunAsync(CommandBehavior.Default, stream: false, wantRows: false, cancellationToken).ConfigureAwait(false);
        return await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override object? ExecuteScalar() => ExecuteScalarAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the statements and returns the first column of the first row of the first result set.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The value, <see cref="DBNull.Value"/> for NULL, or null when there is no row.</returns>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        // Read whole in one request: a scalar is small, and a cursor would cost a second request to close its stream.
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

    /// <summary>Runs the command and reads its result sets as they arrive.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The reader, on the first result set.</returns>
    public new async Task<LibsqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        (LibsqlDataReader)await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        ExecuteDbDataReaderAsync(behavior, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await RunAsync(behavior, stream: true, wantRows: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override DbParameter CreateDbParameter() => new LibsqlParameter();

    private async Task<LibsqlDataReader> RunAsync(CommandBehavior behavior, bool stream, bool wantRows, CancellationToken cancellationToken)
    {
        var (connection, transaction) = LibsqlExecution.Resolve(Connection, Transaction);
        var plan = LibsqlExecution.Plan(connection, transaction, [(_commandText, _parameters.Items)], batch: false, wantRows);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (CommandTimeout > 0)
        {
            running.CancelAfter(TimeSpan.FromSeconds(CommandTimeout));
        }

        _running = running;
        try
        {
            var source = await LibsqlExecution.OpenAsync(connection, transaction, plan, stream, running.Token).ConfigureAwait(false);
            var reader = new LibsqlDataReader(connection.Client, plan, source, (behavior & CommandBehavior.CloseConnection) != 0 ? connection : null, null);
            await reader.StartAsync(running.Token).ConfigureAwait(false);
            return reader;
        }
        finally
        {
            _running = null;
        }
    }
}
