using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
/// <summary>The result of one statement.</summary>
internal sealed class HranaStatementResult
{
    /// <summary>The result columns.</summary>
    public IReadOnlyList<HranaColumn> Cols { get; set; } = [];

    /// <summary>The rows, one value per column.</summary>
    public IReadOnlyList<HranaValue[]> Rows { get; set; } = [];

    /// <summary>Rows changed by an INSERT, UPDATE or DELETE.</summary>
    public long AffectedRowCount { get; set; }

    /// <summary>The last inserted rowid (a string in JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LastInsertRowid { get; set; }

    /// <summary>sqld extension: the replication index after the statement (a string in JSON).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; set; }

    /// <summary>sqld extension: rows read.</summary>
    public long RowsRead { get; set; }

    /// <summary>sqld extension: rows written.</summary>
    public long RowsWritten { get; set; }

    /// <summary>sqld extension: time spent in the query.</summary>
    public double QueryDurationMs { get; set; }
}
