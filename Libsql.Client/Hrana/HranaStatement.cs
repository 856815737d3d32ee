using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
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
