using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Libsql.Client;

/// <summary>One SQL statement to run on a <see cref="LibsqlConnection"/>, with <see cref="LibsqlParameter"/>s.</summary>
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
    /// <param name="commandText">One SQL statement.</param>
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

    /// <inheritdoc/>
    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(cancellationToken).ConfigureAwait(false);
        return (int)Math.Min(result.RowsAffected, int.MaxValue);
    }

    /// <inheritdoc/>
    public override object? ExecuteScalar() => ExecuteScalarAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(cancellationToken).ConfigureAwait(false);
        return result.Rows.Count == 0 || result.Columns.Count == 0 ? null : result.Rows[0][0].ToObject() ?? DBNull.Value;
    }

    /// <summary>Does nothing: sqld prepares statements itself.</summary>
    public override void Prepare()
    {
    }

    /// <summary>Runs the command and reads its rows.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The reader.</returns>
    public new async Task<LibsqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        (LibsqlDataReader)await ExecuteDbDataReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        ExecuteDbDataReaderAsync(behavior, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var result = await RunAsync(cancellationToken).ConfigureAwait(false);
        return new LibsqlDataReader(result, (behavior & CommandBehavior.CloseConnection) != 0 ? Connection : null);
    }

    /// <inheritdoc/>
    protected override DbParameter CreateDbParameter() => new LibsqlParameter();

    private async Task<LibsqlResultSet> RunAsync(CancellationToken cancellationToken)
    {
        var connection = Connection ?? throw new InvalidOperationException("The command has no connection.");
        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is not open.");
        }

        if (string.IsNullOrWhiteSpace(_commandText))
        {
            throw new InvalidOperationException("CommandText is empty.");
        }

        var transaction = Transaction ?? connection.CurrentTransaction;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (CommandTimeout > 0)
        {
            running.CancelAfter(TimeSpan.FromSeconds(CommandTimeout));
        }

        _running = running;
        try
        {
            var statement = new LibsqlStatement(_commandText, BuildArgs());
            return transaction is null
                ? await connection.Client.ExecuteAsync(statement, running.Token).ConfigureAwait(false)
                : await transaction.Transaction.ExecuteAsync(statement, running.Token).ConfigureAwait(false);
        }
        finally
        {
            _running = null;
        }
    }

    private object? BuildArgs()
    {
        var items = _parameters.Items;
        if (items.Count == 0)
        {
            return null;
        }

        var named = items.Count(p => p.ParameterName.Length > 0);
        if (named == 0)
        {
            return items.Select(p => p.Value).ToArray();
        }

        if (named != items.Count)
        {
            throw new InvalidOperationException("A command's parameters must be either all named or all positional (unnamed).");
        }

        var dictionary = new Dictionary<string, object?>(items.Count, StringComparer.Ordinal);
        foreach (var parameter in items)
        {
            dictionary[LibsqlArguments.WithPrefix(_commandText, parameter.ParameterName)] = parameter.Value;
        }

        return dictionary;
    }
}
