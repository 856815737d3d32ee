using System.Globalization;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// sqld's response size limits (libsql-server hrana/result_builder.rs): one statement's rows may not exceed
/// <see cref="MaxResponseSize"/> (<c>SQLD_MAX_RESPONSE_SIZE</c>, 10 MB), nor may the rows all statements being
/// built at once hold exceed <see cref="MaxTotalResponseSize"/> (<c>SQLD_MAX_TOTAL_RESPONSE_SIZE</c>, 32 MB);
/// either fails the statement with RESPONSE_TOO_LARGE before the memory is spent.
/// </summary>
internal sealed class ResponseLimits(long maxResponseSize, long maxTotalResponseSize)
{
    /// <summary>sqld's default <c>--max-response-size</c>: 10MB.</summary>
    public const long DefaultMaxResponseSize = 10_000_000;

    /// <summary>sqld's default <c>--max-total-response-size</c>: 32MB.</summary>
    public const long DefaultMaxTotalResponseSize = 32_000_000;

    private long _inFlight;

    /// <summary>The defaults.</summary>
    public static ResponseLimits Default => new(DefaultMaxResponseSize, DefaultMaxTotalResponseSize);

    public long MaxResponseSize { get; } = maxResponseSize;

    public long MaxTotalResponseSize { get; } = maxTotalResponseSize;

    /// <summary>
    /// The size sqld counts for a value in a result row (<c>value_json_size</c>): its JSON form, a blob's raw length.
    /// </summary>
    public static long SizeOf(sqlite3_stmt stmt, int column) => raw.sqlite3_column_type(stmt, column) switch
    {
        raw.SQLITE_INTEGER => 33 + raw.sqlite3_column_int64(stmt, column).ToString(CultureInfo.InvariantCulture).Length,
        raw.SQLITE_FLOAT => 25 + raw.sqlite3_column_double(stmt, column).ToString("R", CultureInfo.InvariantCulture).Length,
        raw.SQLITE_TEXT => 28 + raw.sqlite3_column_bytes(stmt, column),
        raw.SQLITE_BLOB => raw.sqlite3_column_bytes(stmt, column),
        _ => 15,
    };

    /// <summary>Counts <paramref name="size"/> more bytes for a statement that holds <paramref name="held"/> so far.</summary>
    /// <exception cref="StmtException">RESPONSE_TOO_LARGE; nothing is counted then.</exception>
    public void Reserve(ref long held, long size)
    {
        if (held + size > MaxResponseSize)
        {
            throw StmtException.ResponseTooLarge();
        }

        if (Interlocked.Add(ref _inFlight, size) > MaxTotalResponseSize)
        {
            Interlocked.Add(ref _inFlight, -size);
            throw StmtException.ResponseTooLarge();
        }

        held += size;
    }

    /// <summary>Gives back what a finished statement held.</summary>
    public void Release(long held) => Interlocked.Add(ref _inFlight, -held);
}
