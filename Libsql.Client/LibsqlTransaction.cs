using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// An interactive transaction bound to one Hrana stream and its baton. Requests on it go one at a time (each
/// response carries the baton for the next). Commit or roll back; disposing without either rolls back. Nothing in a
/// transaction is retried: after a network failure, a timeout, a cancellation or stream expiry the transaction is
/// lost (the server rolls it back) and every further call throws.
/// </summary>
public sealed class LibsqlTransaction : IAsyncDisposable
{
    private readonly LibsqlClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _baton;
    private string? _baseUrl;
    private string? _lostReason;

    internal LibsqlTransaction(LibsqlClient client, LibsqlTransactionMode mode, string baton, string? baseUrl)
    {
        _client = client;
        Mode = mode;
        _baton = baton;
        _baseUrl = baseUrl;
    }

    /// <summary>How the transaction began.</summary>
    public LibsqlTransactionMode Mode { get; }

    /// <summary>True once committed, rolled back, disposed or lost.</summary>
    public bool IsCompleted => _baton is null;

    /// <summary>Runs one statement in the transaction.</summary>
    /// <param name="sql">One SQL statement.</param>
    /// <param name="args">Positional or named arguments; see <see cref="LibsqlStatement.Args"/>.</param>
    /// <param name="cancellationToken">Cancels the request (and loses the transaction).</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed (the transaction stays usable) or the stream was lost.</exception>
    public Task<LibsqlResultSet> ExecuteAsync(string sql, object? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        return ExecuteCoreAsync(LibsqlArguments.ToStatement(sql, args), cancellationToken);
    }

    /// <summary>Runs one statement in the transaction.</summary>
    /// <param name="statement">The statement and its arguments.</param>
    /// <param name="cancellationToken">Cancels the request (and loses the transaction).</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed (the transaction stays usable) or the stream was lost.</exception>
    public Task<LibsqlResultSet> ExecuteAsync(LibsqlStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return ExecuteCoreAsync(LibsqlArguments.ToStatement(statement), cancellationToken);
    }

    /// <summary>Whether the connection is outside a transaction (e.g. after a failed statement forced a rollback). Needs Hrana 3.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when no transaction is open on the stream any more.</returns>
    public async Task<bool> GetAutocommitAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("get_autocommit", null, [new GetAutocommitStreamRequest()], close: false, cancellationToken).ConfigureAwait(false);
        return HranaResults.Response<GetAutocommitStreamResponse>(_client, response, 0, null).IsAutocommit;
    }

    /// <summary>Commits and closes the stream.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes once committed.</returns>
    /// <exception cref="LibsqlException">COMMIT failed or the stream was lost; the changes are not applied.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("commit", "COMMIT", [Statement("COMMIT"), new CloseStreamRequest()], close: true, cancellationToken).ConfigureAwait(false);
        HranaResults.Response<ExecuteStreamResponse>(_client, response, 0, "COMMIT");
    }

    /// <summary>Rolls back and closes the stream.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes once rolled back.</returns>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("rollback", "ROLLBACK", [Statement("ROLLBACK"), new CloseStreamRequest()], close: true, cancellationToken).ConfigureAwait(false);
        HranaResults.Response<ExecuteStreamResponse>(_client, response, 0, "ROLLBACK");
    }

    /// <summary>Rolls back unless committed or rolled back already; failures are logged, not thrown.</summary>
    /// <returns>A task that completes once the stream is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_baton is null)
        {
            return;
        }

        try
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (LibsqlException ex)
        {
            LibsqlLog.RollbackOnDisposeFailed(_client.Logger, ex.Kind, ex.Code);
        }
        catch (InvalidOperationException)
        {
            // Lost or completed concurrently: nothing left to roll back.
        }
    }

    private static ExecuteStreamRequest Statement(string sql) => new() { Stmt = new HranaStatement { Sql = sql, WantRows = false } };

    private async Task<LibsqlResultSet> ExecuteCoreAsync(HranaStatement statement, CancellationToken cancellationToken)
    {
        var response = await SendAsync("execute", statement.Sql, [new ExecuteStreamRequest { Stmt = statement }], close: false, cancellationToken).ConfigureAwait(false);
        return HranaResults.ToResultSet(HranaResults.Response<ExecuteStreamResponse>(_client, response, 0, statement.Sql).Result);
    }

    private async Task<PipelineResponse> SendAsync(string operationName, string? sql, StreamRequest[] requests, bool close, CancellationToken cancellationToken)
    {
        _client.ThrowIfDisposed();
        var operation = LibsqlOperation.Start(_client, operationName, sql);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var baton = _baton ?? throw new InvalidOperationException(_lostReason ?? "The transaction has already been committed or rolled back.");
                PipelineResponse response;
                try
                {
                    response = await _client.Transport.PipelineAsync(new PipelineRequest { Baton = baton, Requests = requests }, _baseUrl, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is LibsqlException or OperationCanceledException)
                {
                    // Whether the server saw the request is unknown and the baton is spent: the stream is gone.
                    _baton = null;
                    _lostReason = ex is LibsqlException { Kind: LibsqlErrorKind.StreamExpired }
                        ? "The transaction was lost: its stream expired (idle too long), and the server rolled it back."
                        : "The transaction was lost after a failed or cancelled request; the server rolls it back.";
                    throw;
                }

                _baton = close ? null : response.Baton;
                _baseUrl = response.BaseUrl ?? _baseUrl;
                if (_baton is null && !close)
                {
                    _lostReason = "The server closed the transaction's stream.";
                }
                else if (close)
                {
                    _lostReason = "The transaction has already been committed or rolled back.";
                }

                if (response.Results.Count > 0 && response.Results[0] is StreamResultError failed)
                {
                    throw _client.Error(failed.Error, sql);
                }

                operation.Succeed();
                return response;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }
}
