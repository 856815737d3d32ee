using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A Hrana <c>Stmt</c>: one SQL statement (text or stored id) with its arguments.</summary>
internal sealed class HranaStatement
{
    /// <summary>The SQL text; exactly one of <see cref="Sql"/> and <see cref="SqlId"/> is set.</summary>
    public string? Sql { get; set; }

    /// <summary>The id of a SQL text stored with <c>store_sql</c>.</summary>
    public int? SqlId { get; set; }

    /// <summary>Positional arguments.</summary>
    public IReadOnlyList<HranaValue> Args { get; set; } = [];

    /// <summary>Named arguments.</summary>
    public IReadOnlyList<HranaNamedArgument> NamedArgs { get; set; } = [];

    /// <summary>Whether rows are wanted; absent means true.</summary>
    public bool? WantRows { get; set; }

    /// <summary>sqld extension: wait until the server has this replication index.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; set; }
}

/// <summary>A named statement argument; the name carries its prefix (<c>:</c>, <c>@</c> or <c>$</c>).</summary>
internal sealed class HranaNamedArgument
{
    /// <summary>The parameter name, e.g. <c>:id</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The bound value.</summary>
    public HranaValue Value { get; init; }
}

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

/// <summary>A result column (<c>Col</c>): name and declared type, both possibly null.</summary>
internal sealed class HranaColumn
{
    /// <summary>The column name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }

    /// <summary>The declared type, verbatim from the schema; null for expressions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Decltype { get; init; }
}
