namespace Libsql.TestServer.Namespaces;

/// <summary>
/// One namespace's statement counters, as sqld's <c>Stats</c> (libsql-server stats.rs) keeps them for
/// <c>GET /v1/namespaces/:ns/stats</c>: statements run, rows written and read, time spent, and the ten heaviest and
/// ten slowest statements. Kept in memory only: a restart (or deleting the namespace) starts them again.
/// </summary>
internal sealed class NamespaceStats
{
    private const int Kept = 10;

    private readonly Lock _gate = new();
    private readonly SortedSet<TopQuery> _top = new(TopQuery.Order);
    private readonly SortedSet<SlowestQuery> _slowest = new(SlowestQuery.Order);
    private long _rowsRead;
    private long _rowsWritten;
    private long _queryCount;
    private long _elapsedMicroseconds;

    /// <summary>The namespace's stats id (sqld gives each namespace a random UUID).</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Counts one statement that ran to its end.</summary>
    /// <param name="sql">The statement's text.</param>
    /// <param name="rowsWritten">SQLite's <c>changes()</c> for it.</param>
    /// <param name="elapsed">How long it ran.</param>
    public void Record(string sql, long rowsWritten, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(sql);

        // Plain SQLite has no counter of the rows a statement reads (libsql's patched SQLite has), so the only read
        // counted is sqld's floor: a statement that wrote nothing counts as one row read.
        var rowsRead = rowsWritten == 0 ? 1L : 0L;
        var micros = (long)elapsed.TotalMicroseconds;
        lock (_gate)
        {
            _rowsRead += rowsRead;
            _rowsWritten += rowsWritten;
            _queryCount++;
            _elapsedMicroseconds += micros;
            Keep(_top, new TopQuery(rowsRead + rowsWritten, rowsWritten, rowsRead, sql));
            Keep(_slowest, new SlowestQuery(micros / 1000, sql, rowsWritten, rowsRead));
        }
    }

    /// <summary>Empties the heaviest statements (sqld's <c>DELETE …/stats/top</c>).</summary>
    public void ResetTopQueries()
    {
        lock (_gate)
        {
            _top.Clear();
        }
    }

    /// <summary>Empties the slowest statements (sqld's <c>DELETE …/stats/slowest</c>).</summary>
    public void ResetSlowestQueries()
    {
        lock (_gate)
        {
            _slowest.Clear();
        }
    }

    /// <summary>A consistent copy of the counters.</summary>
    public Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(_rowsRead, _rowsWritten, _queryCount, _elapsedMicroseconds / 1000.0, [.. _top], [.. _slowest]);
        }
    }

    // sqld keeps a set ordered ascending and drops the smallest entry once it holds more than ten.
    private static void Keep<T>(SortedSet<T> set, T entry)
    {
        set.Add(entry);
        if (set.Count > Kept)
        {
            set.Remove(set.Min!);
        }
    }

    /// <summary>The counters at one moment, in sqld's order of the top and slowest lists (ascending).</summary>
    public sealed record Snapshot(long RowsRead, long RowsWritten, long QueryCount, double ElapsedMs, IReadOnlyList<TopQuery> Top, IReadOnlyList<SlowestQuery> Slowest);

    /// <summary>A heavy statement; ordered as sqld's <c>TopQuery</c> (weight, then rows written, rows read, text).</summary>
    public sealed record TopQuery(long Weight, long RowsWritten, long RowsRead, string Query)
    {
        /// <summary>sqld's derived ordering, field by field.</summary>
        public static IComparer<TopQuery> Order { get; } = Comparer<TopQuery>.Create((a, b) =>
        {
            var c = a.Weight.CompareTo(b.Weight);
            c = c != 0 ? c : a.RowsWritten.CompareTo(b.RowsWritten);
            c = c != 0 ? c : a.RowsRead.CompareTo(b.RowsRead);
            return c != 0 ? c : string.CompareOrdinal(a.Query, b.Query);
        });
    }

    /// <summary>A slow statement; ordered as sqld's <c>SlowestQuery</c> (milliseconds, then text, rows written, rows read).</summary>
    public sealed record SlowestQuery(long ElapsedMs, string Query, long RowsWritten, long RowsRead)
    {
        /// <summary>sqld's derived ordering, field by field.</summary>
        public static IComparer<SlowestQuery> Order { get; } = Comparer<SlowestQuery>.Create((a, b) =>
        {
            var c = a.ElapsedMs.CompareTo(b.ElapsedMs);
            c = c != 0 ? c : string.CompareOrdinal(a.Query, b.Query);
            c = c != 0 ? c : a.RowsWritten.CompareTo(b.RowsWritten);
            return c != 0 ? c : a.RowsRead.CompareTo(b.RowsRead);
        });
    }
}
