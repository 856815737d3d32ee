using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>sqld extension: the replication index reached by the cursor.</summary>
internal sealed class HranaReplicationIndexEntry : HranaCursorEntry
{
    /// <summary>The index (a number or string in JSON).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong? ReplicationIndex { get; init; }
}
