using System.Diagnostics;

namespace Libsql.TestServer.Sql;

/// <summary>
/// sqld's lock stealing for one database (libsql-server connection/connection_manager.rs): a write transaction
/// older than the namespace's transaction timeout (<c>txn_timeout_s</c>, 5 s by default) is rolled back when another
/// writer waits for the lock, and the stream that held it is told so (TRANSACTION_TIMEOUT) on its next request.
/// </summary>
/// <param name="transactionTimeout">Read at each steal attempt, so a changed namespace config applies at once.</param>
internal sealed class WriteLockWatch(Func<TimeSpan> transactionTimeout)
{
    private readonly Lock _gate = new();
    private SqliteSession? _holder;
    private long _since;

    /// <summary>Notes whether a session holds the write lock after its last statement.</summary>
    public void Update(SqliteSession session, bool holding)
    {
        lock (_gate)
        {
            if (holding && _holder != session)
            {
                _holder = session;
                _since = Stopwatch.GetTimestamp();
            }
            else if (!holding && _holder == session)
            {
                _holder = null;
            }
        }
    }

    /// <summary>
    /// Called by a writer that found the database locked: rolls back the holder's transaction when it is older
    /// than the timeout. Returns true when it did (the waiter may retry at once).
    /// </summary>
    public bool TrySteal(SqliteSession waiter)
    {
        SqliteSession? victim;
        lock (_gate)
        {
            victim = _holder;
            if (victim is null || victim == waiter || Stopwatch.GetElapsedTime(_since) < transactionTimeout())
            {
                return false;
            }
        }

        if (!victim.TryForceRollback())
        {
            return false;
        }

        Update(victim, holding: false);
        return true;
    }
}
