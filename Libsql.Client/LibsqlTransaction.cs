using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// An interactive transaction bound to one Hrana stream and its baton. Requests on it go one at a time (each
/// response carries the baton for the next). Commit or roll back; disposing without either rolls back. Nothing in a
/// transaction is retried: after a network failure, a timeout, a cancellation or stream expiry the transaction is
/// lost and every further call throws. A cancelled or timed-out request is left to finish in the background (up to
/// 30 s past the timeout) and then rolled back, so the server's write lock goes as soon as the statement ends instead
/// of when the stream expires. On Hrana 3,
/// statements never run outside the transaction: once SQLite ends it on its own (<c>ON CONFLICT ROLLBACK</c>,
/// <c>RAISE(ROLLBACK)</c>, a full disk), further statements fail instead of autocommitting.
/// </summary>
public sealed class LibsqlTransaction : IAsyncDisposable
{
    private const string EndedBySqlite =
        "The transaction is no longer active: SQLite ended it on its own (ON CONFLICT ROLLBACK, RAISE(ROLLBACK), or an error such as a full disk rolled it back), so its earlier changes are gone. Roll it back (or dispose it) and start a new transaction.";

    private readonly LibsqlClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _baton;
    private string? _baseUrl;
    private string? _lostReason;
    private bool _ended;

    internal LibsqlTransaction(LibsqlClient client, LibsqlTransactionMode mode, string baton, string? baseUrl)
    {
        _client = client;
        Mode = mode;
        _baton = baton;
        _baseUrl = baseUrl;
    }

    /// <summary>How the transaction began.</summary>
    public LibsqlTransactionMode Mode { get; }

    /// <summary>True once committed, rolled back, disposed, lost, or ended by SQLite on its own.</summary>
    public bool IsCompleted => _baton is null || _ended;

    /// <summary>Runs one statement in the transaction.</summary>
    /// <param name="sql">One SQL statement.</param>
    /// <param name="args">Positional or named arguments; see <see cref="LibsqlStatement.Args"/>.</param>
    /// <param name="cancellationToken">Cancels the request (and loses the transaction, which is then rolled back).</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed (the transaction stays usable unless SQLite ended it) or the stream was lost.</exception>
    /// <exception cref="InvalidOperationException">The transaction is over (completed, lost, or ended by SQLite).</exception>
    public Task<LibsqlResultSet> ExecuteAsync(string sql, object? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        return ExecuteCoreAsync(LibsqlArguments.ToStatement(sql, args), cancellationToken);
    }

    /// <summary>Runs one statement in the transaction.</summary>
    /// <param name="statement">The statement and its arguments.</param>
    /// <param name="cancellationToken">Cancels the request (and loses the transaction, which is then rolled back).</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed (the transaction stays usable unless SQLite ended it) or the stream was lost.</exception>
    /// <exception cref="InvalidOperationException">The transaction is over (completed, lost, or ended by SQLite).</exception>
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
        var response = await SendAsync("get_autocommit", null, [new HranaGetAutocommitStreamRequest()], Kind.Query, cancellationToken).ConfigureAwait(false);
        return HranaResults.Response<HranaGetAutocommitStreamResponse>(_client, response, 0, null).IsAutocommit;
    }

    /// <summary>Commits and closes the stream.</summary>
    /// <param name="cancellationToken">Cancels the wait; a COMMIT already sent then has an unknown outcome.</param>
    /// <returns>A task that completes once committed.</returns>
    /// <exception cref="LibsqlException">
    /// COMMIT failed (nothing was applied), or its response was lost after it was sent: then
    /// <see cref="LibsqlException.Kind"/> is <see cref="LibsqlErrorKind.OutcomeUnknown"/> and the changes may or may
    /// not have been applied.
    /// </exception>
    /// <exception cref="InvalidOperationException">The transaction is over (completed, lost, or ended by SQLite).</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("commit", "COMMIT", [Statement("COMMIT"), new HranaCloseStreamRequest()], Kind.Commit, cancellationToken).ConfigureAwait(false);
        HranaResults.Response<HranaExecuteStreamResponse>(_client, response, 0, "COMMIT");
    }

    /// <summary>Rolls back and closes the stream.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes once rolled back.</returns>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        // After SQLite ended the transaction there is nothing to roll back; only the stream is left to close.
        HranaStreamRequest[] requests = _ended ? [new HranaCloseStreamRequest()] : [Statement("ROLLBACK"), new HranaCloseStreamRequest()];
        var response = await SendAsync("rollback", "ROLLBACK", requests, Kind.Rollback, cancellationToken).ConfigureAwait(false);
        if (requests.Length == 2)
        {
            HranaResults.Response<HranaExecuteStreamResponse>(_client, response, 0, "ROLLBACK");
        }
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

    /// <summary>
    /// Runs a batch on the transaction's stream. On Hrana 3 the plan's steps carry the <c>is_autocommit</c> guard and
    /// the request also asks whether a transaction is still open afterwards.
    /// </summary>
    internal async Task<HranaBatchResult> ExecuteBatchAsync(HranaBatch batch, string? sql, CancellationToken cancellationToken)
    {
        var response = await SendAsync("batch", sql, [new HranaBatchStreamRequest { Batch = batch }], Kind.Statement, cancellationToken).ConfigureAwait(false);
        var result = HranaResults.Response<HranaBatchStreamResponse>(_client, response, 0, sql).Result;
        for (var i = 0; i < batch.Steps.Count; i++)
        {
            var ran = i < result.StepResults.Count && result.StepResults[i] is not null || i < result.StepErrors.Count && result.StepErrors[i] is not null;
            if (ran)
            {
                continue;
            }

            // Skipped although the step before it succeeded: only the autocommit guard skips such a step.
            var previousOk = i == 0 || i - 1 < result.StepResults.Count && result.StepResults[i - 1] is not null;
            if (previousOk)
            {
                _ended = true;
                throw new InvalidOperationException(EndedBySqlite);
            }

            break;
        }

        return result;
    }

    private static HranaExecuteStreamRequest Statement(string sql) => new() { Stmt = new HranaStatement { Sql = sql, WantRows = false } };

    private async Task<LibsqlResultSet> ExecuteCoreAsync(HranaStatement statement, CancellationToken cancellationToken)
    {
        if (await _client.Transport.GetProtocolAsync(cancellationToken).ConfigureAwait(false) == LibsqlProtocol.JsonV2)
        {
            // Hrana 2 has no batch conditions on autocommit: the statement runs as it is.
            var response = await SendAsync("execute", statement.Sql, [new HranaExecuteStreamRequest { Stmt = statement }], Kind.Statement, cancellationToken).ConfigureAwait(false);
            return HranaResults.ToResultSet(HranaResults.Response<HranaExecuteStreamResponse>(_client, response, 0, statement.Sql).Result);
        }

        var batch = new HranaBatch
        {
            Steps = [new HranaBatchStep { Condition = new HranaNotBatchCondition { Cond = new HranaIsAutocommitBatchCondition() }, Stmt = statement }],
        };
        var result = await ExecuteBatchAsync(batch, statement.Sql, cancellationToken).ConfigureAwait(false);
        if (result.StepErrors.Count > 0 && result.StepErrors[0] is { } error)
        {
            throw _client.Error(error, statement.Sql);
        }

        return HranaResults.ToResultSet(result.StepResults[0]!);
    }

    private async Task<HranaPipelineResponse> SendAsync(string operationName, string? sql, HranaStreamRequest[] requests, Kind kind, CancellationToken cancellationToken)
    {
        _client.ThrowIfDisposed();
        var operation = LibsqlOperation.Start(_client, operationName, sql);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var baton = _baton ?? throw new InvalidOperationException(_lostReason ?? "The transaction has already been committed or rolled back.");
                if (_ended && kind != Kind.Rollback)
                {
                    throw new InvalidOperationException(EndedBySqlite);
                }

                var checkAutocommit = kind == Kind.Statement && await _client.Transport.GetProtocolAsync(cancellationToken).ConfigureAwait(false) != LibsqlProtocol.JsonV2;
                if (checkAutocommit)
                {
                    requests = [.. requests, new HranaGetAutocommitStreamRequest()];
                }

                // The request runs without the caller's token and with a longer limit than the caller waits: a
                // cancelled or timed-out request is left to finish and then rolled back (below), because aborting it
                // could strand the stream, and its write lock, until the stream expires.
                var transport = _client.Transport;
                var send = transport.PipelineAsync(new HranaPipelineRequest { Baton = baton, Requests = requests }, _baseUrl, CancellationToken.None, Grace(transport.Timeout));
                HranaPipelineResponse response;
                try
                {
                    response = transport.Timeout == System.Threading.Timeout.InfiniteTimeSpan
                        ? await send.WaitAsync(cancellationToken).ConfigureAwait(false)
                        : await send.WaitAsync(transport.Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    _baton = null;
                    _ = RollBackWhenDoneAsync(send);
                    var timedOut = LibsqlErrors.Timeout(transport.Endpoint, transport.Timeout, ex);
                    if (kind == Kind.Commit)
                    {
                        _lostReason = "The transaction's COMMIT had an unknown outcome; it may have committed.";
                        throw LibsqlErrors.OutcomeUnknown("COMMIT", timedOut);
                    }

                    _lostReason = "The transaction was lost after a request timed out; its changes were not committed.";
                    throw timedOut;
                }
                catch (Exception ex) when (ex is LibsqlException or OperationCanceledException)
                {
                    // Whether the server saw the request is unknown and the baton is spent: the transaction is gone.
                    _baton = null;
                    if (ex is OperationCanceledException)
                    {
                        _ = RollBackWhenDoneAsync(send);
                    }

                    if (kind == Kind.Commit && LibsqlErrors.IsAmbiguous(ex))
                    {
                        _lostReason = "The transaction's COMMIT had an unknown outcome; it may have committed.";
                        throw LibsqlErrors.OutcomeUnknown("COMMIT", ex);
                    }

                    _lostReason = ex is LibsqlException { Kind: LibsqlErrorKind.StreamExpired }
                        ? "The transaction was lost: its stream expired (idle too long), and the server rolled it back."
                        : "The transaction was lost after a failed or cancelled request; its changes were not committed.";
                    throw;
                }

                var close = kind is Kind.Commit or Kind.Rollback;
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

                if (checkAutocommit && response.Results.Count == requests.Length && response.Results[^1] is HranaStreamResultOk { Response: HranaGetAutocommitStreamResponse { IsAutocommit: true } })
                {
                    _ended = true;
                }

                if (response.Results.Count > 0 && response.Results[0] is HranaStreamResultError failed)
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

    // How long an abandoned request may still run in the background before it is aborted after all.
    private static TimeSpan Grace(TimeSpan timeout) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan ? timeout : timeout + TimeSpan.FromSeconds(30);

    private async Task RollBackWhenDoneAsync(Task<HranaPipelineResponse> send)
    {
        try
        {
            var response = await send.ConfigureAwait(false);
            if (response.Baton is { } baton)
            {
                await _client.Transport.PipelineAsync(
                    new HranaPipelineRequest { Baton = baton, Requests = [Statement("ROLLBACK"), new HranaCloseStreamRequest()] },
                    response.BaseUrl ?? _baseUrl,
                    CancellationToken.None,
                    Grace(_client.Transport.Timeout)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is LibsqlException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: if this fails too, the server rolls back when the stream expires.
        }
    }

    private enum Kind
    {
        Statement,
        Query,
        Commit,
        Rollback,
    }
}
