using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
/// <summary>
/// The result of a batch: per step a result or an error, both null when skipped. Over Protobuf the lists are
/// maps on the wire, so a decoded list may be shorter than the batch: an index past the end means skipped.
/// </summary>
internal sealed class HranaBatchResult
{
    /// <summary>Results of the steps that succeeded.</summary>
    public IReadOnlyList<HranaStatementResult?> StepResults { get; set; } = [];

    /// <summary>Errors of the steps that failed.</summary>
    public IReadOnlyList<HranaError?> StepErrors { get; set; } = [];

    /// <summary>sqld extension: replication index after the batch.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; set; }
}
