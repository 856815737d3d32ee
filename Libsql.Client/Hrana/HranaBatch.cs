using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A Hrana <c>Batch</c>: steps run in order, each guarded by an optional condition.</summary>
internal sealed class HranaBatch
{
    /// <summary>The steps.</summary>
    public IReadOnlyList<HranaBatchStep> Steps { get; set; } = [];

    /// <summary>sqld extension: replication index to wait for.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; init; }
}
