using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Libsql.Client;

/// <summary>
/// An ADO.NET connection to sqld. It is light: connections made from the same connection string share one
/// <see cref="LibsqlClient"/> (and so one HTTP connection pool; the 64 most recently used connection strings keep
/// theirs), and connections from a <see cref="LibsqlDataSource"/> share its client. A <see cref="DbTransaction"/> maps to an interactive transaction; commands on a connection
/// with an open transaction run in it.
/// </summary>
public sealed class LibsqlConnection : DbConnection
{
    private readonly LibsqlClient? _fixedClient;
    private string _connectionString = "";
    private LibsqlClient? _client;
    private LibsqlClientCache.Lease? _lease;
    private ConnectionState _state;

    /// <summary>A connection with no connection string yet.</summary>
    public LibsqlConnection()
    {
    }

    /// <summary>A connection for a connection string (any form <see cref="LibsqlConnectionStringBuilder"/> accepts).</summary>
    /// <param name="connectionString">The connection string.</param>
    public LibsqlConnection(string connectionString) => ConnectionString = connectionString;

    /// <summary>A connection over an existing client (not disposed by the connection).</summary>
    /// <param name="client">The client.</param>
    public LibsqlConnection(LibsqlClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _fixedClient = client;
        _connectionString = client.Options.ToString();
    }

    /// <summary>
    /// The connection string. Setting it validates it; reading it back after <see cref="LibsqlConnection(LibsqlClient)"/>
    /// gives the masked form.
    /// </summary>
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }

            if (_fixedClient is not null)
            {
                throw new InvalidOperationException("This connection is bound to a LibsqlClient; its connection string cannot change.");
            }

            if (!string.IsNullOrEmpty(value))
            {
                _ = new LibsqlConnectionStringBuilder(value).ToOptions();
            }

            _connectionString = value ?? "";
        }
    }

    /// <summary>The namespace, or <c>default</c>.</summary>
    public override string Database => (_fixedClient ?? _client)?.Namespace ?? "default";

    /// <summary>The server's base URL (without credentials).</summary>
    public override string DataSource => (_fixedClient ?? _client) is { } client ? LibsqlEndpoint.Display(client.Endpoint) : "";

    /// <summary>The Hrana encoding in use once open.</summary>
    public override string ServerVersion => Protocol is { } protocol ? $"Hrana {protocol}" : throw new InvalidOperationException("The connection is not open.");

    /// <inheritdoc/>
    public override ConnectionState State => _state;

    /// <summary>The client behind the connection (once open).</summary>
    public LibsqlClient Client => _client ?? throw new InvalidOperationException("The connection is not open.");

    /// <summary>The open transaction, if any.</summary>
    internal LibsqlDbTransaction? CurrentTransaction { get; set; }

    internal LibsqlProtocol? Protocol { get; private set; }

    /// <inheritdoc/>
    protected override DbProviderFactory DbProviderFactory => LibsqlFactory.Instance;

    /// <summary>Forgets every cached client made from connection strings (open connections keep working until closed).</summary>
    public static void ClearAllPools() => LibsqlClientCache.Shared.Clear();

    /// <inheritdoc/>
    public override void Open() => OpenAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Resolves the client and learns the server's protocol (one probe per endpoint, then cached).</summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>A task that completes when the connection is open.</returns>
    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_state == ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        LibsqlClientCache.Lease? lease = null;
        if (_fixedClient is null)
        {
            if (string.IsNullOrEmpty(_connectionString))
            {
                throw new InvalidOperationException("The ConnectionString property has not been set.");
            }

            lease = LibsqlClientCache.Shared.Acquire(_connectionString);
        }

        var client = _fixedClient ?? lease!.Value.Client;
        _state = ConnectionState.Connecting;
        try
        {
            Protocol = await client.GetProtocolAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _state = ConnectionState.Closed;
            if (lease is { } acquired)
            {
                LibsqlClientCache.Shared.Release(acquired);
            }

            throw;
        }

        _client = client;
        _lease = lease;
        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <inheritdoc/>
    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    /// <summary>Closes the connection, rolling back an open transaction.</summary>
    /// <returns>A task that completes when closed.</returns>
    public override async Task CloseAsync()
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        if (CurrentTransaction is { } transaction)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        _client = null;
        if (_lease is { } lease)
        {
            _lease = null;
            LibsqlClientCache.Shared.Release(lease);
        }

        _state = ConnectionState.Closed;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    /// <summary>Not supported: a connection targets one namespace.</summary>
    /// <param name="databaseName">Ignored.</param>
    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("A libSQL connection targets one namespace; use another connection string with Namespace=... instead.");

    /// <summary>Creates a command on this connection.</summary>
    /// <returns>The command.</returns>
    public new LibsqlCommand CreateCommand() => new() { Connection = this };

    /// <summary>Begins an interactive transaction (BEGIN IMMEDIATE, or BEGIN DEFERRED for <see cref="IsolationLevel.ReadUncommitted"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The transaction.</returns>
    public new async ValueTask<LibsqlDbTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        (LibsqlDbTransaction)await BeginDbTransactionAsync(IsolationLevel.Unspecified, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        BeginDbTransactionAsync(isolationLevel, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        var client = Client;
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("The connection already has an open transaction; libSQL does not nest transactions.");
        }

        var mode = isolationLevel == IsolationLevel.ReadUncommitted ? LibsqlTransactionMode.Deferred : LibsqlTransactionMode.Write;
        var inner = await client.BeginTransactionAsync(mode, cancellationToken).ConfigureAwait(false);
        var transaction = new LibsqlDbTransaction(this, inner, isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.Serializable : isolationLevel);
        CurrentTransaction = transaction;
        return transaction;
    }

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>True: <see cref="LibsqlBatch"/> sends its commands in one Hrana batch request.</summary>
    public override bool CanCreateBatch => true;

    /// <summary>Creates a batch on this connection.</summary>
    /// <returns>The batch.</returns>
    public new LibsqlBatch CreateBatch() => new(this);

    /// <inheritdoc/>
    protected override DbBatch CreateDbBatch() => CreateBatch();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
