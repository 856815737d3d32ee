using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Body of <c>POST v3/cursor</c> (<c>CursorReqBody</c>).</summary>
internal sealed class HranaCursorRequest
{
    /// <summary>The stream's baton; null opens a new stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>The batch whose results are streamed.</summary>
    public required HranaBatch Batch { get; init; }
}

/// <summary>First item of a cursor response (<c>CursorRespBody</c>).</summary>
internal sealed class HranaCursorResponse
{
    /// <summary>The next baton.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>Where to send later requests on this stream; null = same URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? BaseUrl { get; init; }
}

/// <summary>One entry of a cursor's output.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaStepBeginEntry), "step_begin")]
[JsonDerivedType(typeof(HranaStepEndEntry), "step_end")]
[JsonDerivedType(typeof(HranaStepErrorEntry), "step_error")]
[JsonDerivedType(typeof(HranaRowEntry), "row")]
[JsonDerivedType(typeof(HranaErrorEntry), "error")]
[JsonDerivedType(typeof(HranaReplicationIndexEntry), "replication_index")]
internal abstract class HranaCursorEntry;

/// <summary>A step started; its rows follow.</summary>
internal sealed class HranaStepBeginEntry : HranaCursorEntry
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; set; }

    /// <summary>The step's columns.</summary>
    public IReadOnlyList<HranaColumn> Cols { get; set; } = [];
}

/// <summary>The current step finished.</summary>
internal sealed class HranaStepEndEntry : HranaCursorEntry
{
    /// <summary>Rows changed.</summary>
    public long AffectedRowCount { get; init; }

    /// <summary>Last inserted rowid (a string in JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LastInsertRowid { get; init; }
}

/// <summary>A step failed.</summary>
internal sealed class HranaStepErrorEntry : HranaCursorEntry
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }

    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}

/// <summary>One row of the current step.</summary>
internal sealed class HranaRowEntry : HranaCursorEntry
{
    /// <summary>The values.</summary>
    public HranaValue[] Row { get; set; } = [];
}

/// <summary>The whole batch failed; always the last entry.</summary>
internal sealed class HranaErrorEntry : HranaCursorEntry
{
    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}

/// <summary>sqld extension: the replication index reached by the cursor.</summary>
internal sealed class HranaReplicationIndexEntry : HranaCursorEntry
{
    /// <summary>The index (a number or string in JSON).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public ulong? ReplicationIndex { get; init; }
}
