using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A Hrana <c>Batch</c>: steps run in order, each guarded by an optional condition.</summary>
internal sealed class HranaBatch
{
    /// <summary>The steps.</summary>
    public IReadOnlyList<HranaBatchStep> Steps { get; set; } = [];

    /// <summary>sqld extension: replication index to wait for.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; set; }
}

/// <summary>One batch step: a statement run only when its condition (if any) is true.</summary>
internal sealed class HranaBatchStep
{
    /// <summary>The condition; null means always run.</summary>
    public HranaBatchCondition? Condition { get; init; }

    /// <summary>The statement.</summary>
    public required HranaStatement Stmt { get; init; }
}

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
