using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// sqld's connection throttling (libsql-server connection/mod.rs <c>MakeThrottledConnection</c>): every database
/// connection holds one of <c>SQLD_MAX_CONCURRENT_CONNECTIONS</c> permits for its life (a stream's connection
/// until the stream closes or expires); a connection that gets none within 1 s fails with 429 "Timed out while
/// opening database connection", and when <c>SQLD_MAX_CONCURRENT_REQUESTS</c> requests of one namespace are already
/// waiting for a connection, the next fails at once with 429 "Too many concurrent requests".
/// </summary>
internal sealed class ConnectionThrottle(int maxConnections, int maxWaitingRequests) : IDisposable
{
    // sqld's DB_CREATE_TIMEOUT.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _connections = new(maxConnections, maxConnections);
    private readonly ConcurrentDictionary<string, StrongBox<int>> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes a permit for a new connection to <paramref name="namespace"/>; dispose it when the connection closes.
    /// The wait holds no thread (sqld awaits a tokio semaphore): a blocked pool thread could be the one a lock
    /// holder's next request needs.
    /// </summary>
    /// <exception cref="SqldHttpException">429, as sqld.</exception>
    public async Task<IDisposable> AcquireAsync(string @namespace, CancellationToken cancellationToken)
    {
        var waiting = _waiting.GetOrAdd(@namespace, _ => new StrongBox<int>());
        try
        {
            // As sqld, the count includes this request, so a limit of 1 refuses every connection.
            if (Interlocked.Increment(ref waiting.Value) >= maxWaitingRequests)
            {
                throw new SqldHttpException(StatusCodes.Status429TooManyRequests, "Too many concurrent requests");
            }

            return await _connections.WaitAsync(s_timeout, cancellationToken).ConfigureAwait(false)
                ? new Permit(_connections)
                : throw new SqldHttpException(StatusCodes.Status429TooManyRequests, "Timed out while opening database connection");
        }
        finally
        {
            Interlocked.Decrement(ref waiting.Value);
        }
    }

    public void Dispose() => _connections.Dispose();

    private sealed class Permit(SemaphoreSlim connections) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                connections.Release();
            }
        }
    }
}
