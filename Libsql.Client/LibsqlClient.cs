using System.Runtime.CompilerServices;
using Libsql.Client.Hrana;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Libsql.Client;

/// <summary>
/// A thread-safe client for one sqld database over Hrana HTTP (Protobuf by default, JSON v3 or v2 by probe or
/// choice). Create one per application and share it; every call is independent unless it runs inside a
/// <see cref="LibsqlTransaction"/>. Read-only single statements are retried on transient failures; writes never are.
/// </summary>
public sealed class LibsqlClient : IAsyncDisposable, IDisposable
{
    private readonly HranaHttpTransport _transport;
    private readonly ResiliencePipeline _readRetry;
    private int _disposed;

    /// <summary>Creates a client from a connection string (see <see cref="LibsqlConnectionStringBuilder"/>).</summary>
    /// <param name="connectionString"><c>Endpoint=...;AuthToken=...</c>, <c>http(s)://host[:port][?authToken=...]</c> or <c>libsql://host</c>.</param>
    /// <exception cref="ArgumentException">The connection string is invalid.</exception>
    public LibsqlClient(string connectionString)
        : this(LibsqlClientOptions.Parse(connectionString))
    {
    }

    /// <summary>Creates a client from options.</summary>
    /// <param name="options">The options; copied, later changes have no effect.</param>
    /// <param name="httpClient">
    /// An HttpClient to send requests with (not disposed by the client). Leave it null: the client then owns a
    /// dedicated handler that no <c>ConfigureHttpClientDefaults</c> policy (such as a retrying resilience handler) reaches.
    /// </param>
    /// <param name="loggerFactory">Where to log (protocol choice, retries); nothing logged carries the token.</param>
    public LibsqlClient(LibsqlClientOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null)
        {
            throw LibsqlEndpoint.Error("Endpoint", "the endpoint is missing");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetryAttempts, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxConcurrentStreamOpens, nameof(options));
        var copy = options.Clone();
        copy.Endpoint = LibsqlEndpoint.Normalize(options.Endpoint, out var tokenFromQuery);
        copy.AuthToken ??= tokenFromQuery;
        Options = copy;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LibsqlClient>();
        _transport = new HranaHttpTransport(copy, httpClient, Logger);
        _readRetry = copy.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<LibsqlException>(static e => e.IsTransient),
                MaxRetryAttempts = copy.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception as LibsqlException;
                    LibsqlLog.Retrying(Logger, "execute", error?.Kind ?? LibsqlErrorKind.Network, error?.Code, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            }).Build();
    }

    /// <summary>The server's base URL (normalized: http or https, trailing slash).</summary>
    public Uri Endpoint => Options.Endpoint!;

    /// <summary>The sqld namespace, or null for the server's default.</summary>
    public string? Namespace => Options.Namespace;

    internal LibsqlClientOptions Options { get; }

    internal ILogger Logger { get; }

    internal HranaHttpTransport Transport => _transport;

    internal bool RecordQueryText => Options.RecordQueryText;

    /// <summary>The encoding in use, probing the server on first use when <see cref="LibsqlProtocol.Auto"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Protobuf, Json or JsonV2.</returns>
    public Task<LibsqlProtocol> GetProtocolAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _transport.GetProtocolAsync(cancellationToken);
    }

    /// <summary>Runs one statement in its own stream. Read-only statements (SELECT, VALUES, EXPLAIN) are retried on transient failures.</summary>
    /// <param name="sql">One SQL statement.</param>
    /// <param name="args">Positional (array) or named (object, dictionary) arguments; see <see cref="LibsqlStatement.Args"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed or the server could not be reached.</exception>
    public Task<LibsqlResultSet> ExecuteAsync(string sql, object? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        return ExecuteCoreAsync(LibsqlArguments.ToStatement(sql, args), cancellationToken);
    }

    /// <summary>Runs one statement in its own stream.</summary>
    /// <param name="statement">The statement and its arguments.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The result.</returns>
    /// <exception cref="LibsqlException">The statement failed or the server could not be reached.</exception>
    public Task<LibsqlResultSet> ExecuteAsync(LibsqlStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return ExecuteCoreAsync(LibsqlArguments.ToStatement(statement), cancellationToken);
    }

    /// <summary>
    /// Runs statements atomically in one request, like the official client's <c>batch</c>: <c>BEGIN</c> (per
    /// <paramref name="mode"/>), each statement only if the previous succeeded, <c>COMMIT</c>, and <c>ROLLBACK</c> if
    /// anything failed. A <see cref="LibsqlTransactionMode.Read"/> batch refuses writes. Never retried.
    /// </summary>
    /// <param name="statements">The statements.</param>
    /// <param name="mode">How the transaction begins.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One result per statement.</returns>
    /// <exception cref="LibsqlException">
    /// A statement failed (the batch was rolled back), the server could not be reached, or the response was lost
    /// after the batch was sent (<see cref="LibsqlErrorKind.OutcomeUnknown"/>: it may have committed).
    /// </exception>
    public async Task<IReadOnlyList<LibsqlResultSet>> BatchAsync(IEnumerable<LibsqlStatement> statements, LibsqlTransactionMode mode = LibsqlTransactionMode.Deferred, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ThrowIfDisposed();
        var list = statements as IReadOnlyList<LibsqlStatement> ?? [.. statements];
        var operation = LibsqlOperation.Start(this, "batch", list.Count == 1 ? list[0].Sql : null, list.Count);
        try
        {
            var hrana = new HranaStatement[list.Count];
            for (var i = 0; i < hrana.Length; i++)
            {
                hrana[i] = LibsqlArguments.ToStatement(list[i]);
            }

            var protocol = await _transport.GetProtocolAsync(cancellationToken).ConfigureAwait(false);
            var batch = LibsqlBatchBuilder.Atomic(hrana, mode, useAutocommitCondition: protocol != LibsqlProtocol.JsonV2);
            HranaPipelineResponse response;
            try
            {
                response = await _transport.PipelineAsync(
                    new HranaPipelineRequest { Requests = [new HranaBatchStreamRequest { Batch = batch }, new HranaCloseStreamRequest()] },
                    null,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (LibsqlErrors.IsAmbiguous(ex))
            {
                // The batch commits as a whole or not at all, but which one happened is unknown: never say "rolled back".
                throw LibsqlErrors.OutcomeUnknown("batch", ex);
            }

            var result = HranaResults.Response<HranaBatchStreamResponse>(this, response, 0, null).Result;
            var results = LibsqlBatchBuilder.AtomicResults(this, result, list);
            operation.Succeed();
            return results;
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    /// <summary>Runs several <c>;</c>-separated statements (Hrana <c>sequence</c>); no results, no arguments, not atomic.</summary>
    /// <param name="sql">The script.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the script has run.</returns>
    /// <exception cref="LibsqlException">A statement failed (earlier ones stay applied) or the server could not be reached.</exception>
    public async Task ExecuteScriptAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        ThrowIfDisposed();
        var operation = LibsqlOperation.Start(this, "sequence", sql);
        try
        {
            var response = await _transport.PipelineAsync(
                new HranaPipelineRequest { Requests = [new HranaSequenceStreamRequest { Sql = sql }, new HranaCloseStreamRequest()] },
                null,
                cancellationToken).ConfigureAwait(false);
            HranaResults.Response<HranaSequenceStreamResponse>(this, response, 0, sql);
            operation.Succeed();
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    /// <summary>Asks the server about a statement without running it: parameters, columns, read-only or not.</summary>
    /// <param name="sql">One SQL statement.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The description.</returns>
    /// <exception cref="LibsqlException">The statement does not parse or the server could not be reached.</exception>
    public async Task<LibsqlDescribeResult> DescribeAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        ThrowIfDisposed();
        var operation = LibsqlOperation.Start(this, "describe", sql);
        try
        {
            var response = await _transport.PipelineAsync(
                new HranaPipelineRequest { Requests = [new HranaDescribeStreamRequest { Sql = sql }, new HranaCloseStreamRequest()] },
                null,
                cancellationToken).ConfigureAwait(false);
            var result = HranaResults.ToDescribe(HranaResults.Response<HranaDescribeStreamResponse>(this, response, 0, sql).Result);
            operation.Succeed();
            return result;
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    /// <summary>
    /// Begins an interactive transaction on its own stream. Commit or roll it back; disposing it without either rolls
    /// it back. The server drops a stream idle for 10 s (sqld's default), so keep statements flowing.
    /// </summary>
    /// <param name="mode">How the transaction begins (default <see cref="LibsqlTransactionMode.Write"/>: BEGIN IMMEDIATE).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The open transaction.</returns>
    /// <exception cref="LibsqlException">BEGIN failed or the server could not be reached.</exception>
    public async Task<LibsqlTransaction> BeginTransactionAsync(LibsqlTransactionMode mode = LibsqlTransactionMode.Write, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var operation = LibsqlOperation.Start(this, "begin", null);
        try
        {
            var begin = LibsqlBatchBuilder.BeginSql(mode);
            var response = await _transport.PipelineAsync(
                new HranaPipelineRequest { Requests = [new HranaExecuteStreamRequest { Stmt = new HranaStatement { Sql = begin, WantRows = false } }] },
                null,
                cancellationToken).ConfigureAwait(false);
            if (response.Results.Count > 0 && response.Results[0] is HranaStreamResultError failed)
            {
                if (response.Baton is not null)
                {
                    await CloseStreamQuietlyAsync(response.Baton, response.BaseUrl).ConfigureAwait(false);
                }

                throw Error(failed.Error, begin);
            }

            HranaResults.Response<HranaExecuteStreamResponse>(this, response, 0, begin);
            var baton = response.Baton ?? throw LibsqlErrors.Protocol("The libSQL server closed the stream right after BEGIN.");
            operation.Succeed();
            return new LibsqlTransaction(this, mode, baton, response.BaseUrl);
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    /// <summary>
    /// Streams the rows of a query over a Hrana cursor (<c>/v3/cursor</c>): memory stays bounded by one row batch
    /// however large the result. Over Hrana 2 (no cursors) the result is read whole. Not retried.
    /// </summary>
    /// <param name="sql">One SQL statement.</param>
    /// <param name="args">Positional or named arguments.</param>
    /// <param name="cancellationToken">Cancels the request and the enumeration.</param>
    /// <returns>The rows, as they arrive.</returns>
    public async IAsyncEnumerable<LibsqlRow> QueryStreamAsync(string sql, object? args = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        ThrowIfDisposed();
        var statement = LibsqlArguments.ToStatement(sql, args);
        if (await _transport.GetProtocolAsync(cancellationToken).ConfigureAwait(false) == LibsqlProtocol.JsonV2)
        {
            var all = await ExecuteCoreAsync(statement, cancellationToken).ConfigureAwait(false);
            foreach (var row in all.Rows)
            {
                yield return row;
            }

            yield break;
        }

        var cursor = await LibsqlCursor.OpenAsync(this, statement, cancellationToken).ConfigureAwait(false);
        await using (cursor.ConfigureAwait(false))
        {
            while (await cursor.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return cursor.Current!;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.Dispose();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The options as a string safe to log (token masked).</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"LibsqlClient({Options})";

    internal LibsqlException Error(HranaError error, string? sql) =>
        LibsqlErrors.FromHrana(error, _transport.Token, sql, Options.IncludeStatementInErrors);

    internal async Task CloseStreamQuietlyAsync(string baton, string? baseUrl)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _transport.PipelineAsync(new HranaPipelineRequest { Baton = baton, Requests = [new HranaCloseStreamRequest()] }, baseUrl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LibsqlException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing is a courtesy: the server drops an idle stream on its own.
        }
    }

    /// <summary>Runs a batch on a new stream and closes it, in one request; read-only batches may be retried.</summary>
    internal async Task<HranaBatchResult> ExecuteBatchAsync(HranaBatch batch, string? sql, bool retry, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var operation = LibsqlOperation.Start(this, "batch", sql, batch.Steps.Count);
        try
        {
            var result = retry
                ? await _readRetry.ExecuteAsync(static (state, ct) => state.Client.ExecuteBatchOnceAsync(state.Batch, state.Sql, ct), (Client: this, Batch: batch, Sql: sql), cancellationToken).ConfigureAwait(false)
                : await ExecuteBatchOnceAsync(batch, sql, cancellationToken).ConfigureAwait(false);
            operation.Succeed();
            return result;
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    /// <summary>Opens a cursor over a batch; opening a read-only one may be retried (no row has been handed out yet).</summary>
    internal Task<LibsqlCursor> OpenCursorAsync(HranaBatch batch, string? sql, bool retry, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return retry
            ? _readRetry.ExecuteAsync(static (state, ct) => new ValueTask<LibsqlCursor>(LibsqlCursor.OpenAsync(state.Client, state.Batch, state.Sql, closeInBackground: true, ct)), (Client: this, Batch: batch, Sql: sql), cancellationToken).AsTask()
            : LibsqlCursor.OpenAsync(this, batch, sql, closeInBackground: true, cancellationToken);
    }

    private async ValueTask<HranaBatchResult> ExecuteBatchOnceAsync(HranaBatch batch, string? sql, CancellationToken cancellationToken)
    {
        var response = await _transport.PipelineAsync(
            new HranaPipelineRequest { Requests = [new HranaBatchStreamRequest { Batch = batch }, new HranaCloseStreamRequest()] },
            null,
            cancellationToken).ConfigureAwait(false);
        return HranaResults.Response<HranaBatchStreamResponse>(this, response, 0, sql).Result;
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private async Task<LibsqlResultSet> ExecuteCoreAsync(HranaStatement statement, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var operation = LibsqlOperation.Start(this, "execute", statement.Sql);
        try
        {
            var result = LibsqlSql.IsReadOnly(statement.Sql!)
                ? await _readRetry.ExecuteAsync(static (state, ct) => state.Client.ExecuteOnceAsync(state.Statement, ct), (Client: this, Statement: statement), cancellationToken).ConfigureAwait(false)
                : await ExecuteOnceAsync(statement, cancellationToken).ConfigureAwait(false);
            operation.Succeed();
            return result;
        }
        catch (Exception ex)
        {
            operation.Fail(ex);
            throw;
        }
    }

    private async ValueTask<LibsqlResultSet> ExecuteOnceAsync(HranaStatement statement, CancellationToken cancellationToken)
    {
        var response = await _transport.PipelineAsync(
            new HranaPipelineRequest { Requests = [new HranaExecuteStreamRequest { Stmt = statement }, new HranaCloseStreamRequest()] },
            null,
            cancellationToken).ConfigureAwait(false);
        return HranaResults.ToResultSet(HranaResults.Response<HranaExecuteStreamResponse>(this, response, 0, statement.Sql).Result);
    }
}
