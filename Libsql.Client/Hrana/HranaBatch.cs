using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
/// <summary>A Hrana <c>Batch</c>: steps run in order, each guarded by an optional condition.</summary>
internal sealed class HranaBatch
{
    /// <summary>The steps.</summary>
    public IReadOnlyList<HranaBatchStep> Steps { get; set; } = [];

    /// <summary>sqld extension: replication index to wait for.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; set; }
}
