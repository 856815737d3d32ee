using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Runs several <c>;</c>-separated statements, returning no rows.</summary>
internal sealed class HranaSequenceStreamRequest : HranaStreamRequest
{
    /// <summary>The SQL text; exactly one of this and <see cref="SqlId"/>.</summary>
    public string? Sql { get; init; }

    /// <summary>A stored SQL id.</summary>
    public int? SqlId { get; init; }

    /// <summary>sqld extension: replication index to wait for.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; init; }
}
