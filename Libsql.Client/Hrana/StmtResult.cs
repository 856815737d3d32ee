using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The result of one statement.</summary>
internal sealed class StmtResult
{
    /// <summary>The result columns.</summary>
    public IReadOnlyList<HranaColumn> Cols { get; set; } = [];

    /// <summary>The rows, one value per column.</summary>
    public IReadOnlyList<HranaValue[]> Rows { get; set; } = [];

    /// <summary>Rows changed by an INSERT, UPDATE or DELETE.</summary>
    public long AffectedRowCount { get; init; }

    /// <summary>The last inserted rowid (a string in JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LastInsertRowid { get; init; }

    /// <summary>sqld extension: the replication index after the statement (a string in JSON).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; init; }

    /// <summary>sqld extension: rows read.</summary>
    public long RowsRead { get; init; }

    /// <summary>sqld extension: rows written.</summary>
    public long RowsWritten { get; init; }

    /// <summary>sqld extension: time spent in the query.</summary>
    public double QueryDurationMs { get; init; }
}
