using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One request of a pipeline (<c>StreamRequest</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaCloseStreamRequest), "close")]
[JsonDerivedType(typeof(HranaExecuteStreamRequest), "execute")]
[JsonDerivedType(typeof(HranaBatchStreamRequest), "batch")]
[JsonDerivedType(typeof(HranaSequenceStreamRequest), "sequence")]
[JsonDerivedType(typeof(HranaDescribeStreamRequest), "describe")]
[JsonDerivedType(typeof(HranaStoreSqlStreamRequest), "store_sql")]
[JsonDerivedType(typeof(HranaCloseSqlStreamRequest), "close_sql")]
[JsonDerivedType(typeof(HranaGetAutocommitStreamRequest), "get_autocommit")]
internal abstract class HranaStreamRequest;

/// <summary>Closes the stream; the response baton is then null.</summary>
internal sealed class HranaCloseStreamRequest : HranaStreamRequest;

/// <summary>Runs one statement.</summary>
internal sealed class HranaExecuteStreamRequest : HranaStreamRequest
{
    /// <summary>The statement.</summary>
    public required HranaStatement Stmt { get; init; }
}

/// <summary>Runs a batch.</summary>
internal sealed class HranaBatchStreamRequest : HranaStreamRequest
{
    /// <summary>The batch.</summary>
    public required HranaBatch Batch { get; init; }
}

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

/// <summary>Describes a statement without running it.</summary>
internal sealed class HranaDescribeStreamRequest : HranaStreamRequest
{
    /// <summary>The SQL text; exactly one of this and <see cref="SqlId"/>.</summary>
    public string? Sql { get; init; }

    /// <summary>A stored SQL id.</summary>
    public int? SqlId { get; init; }

    /// <summary>sqld extension: replication index to wait for.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public ulong? ReplicationIndex { get; init; }
}

/// <summary>Stores a SQL text under an id for the life of the stream.</summary>
internal sealed class HranaStoreSqlStreamRequest : HranaStreamRequest
{
    /// <summary>The id.</summary>
    public int SqlId { get; init; }

    /// <summary>The SQL text.</summary>
    public required string Sql { get; init; }
}

/// <summary>Forgets a stored SQL text.</summary>
internal sealed class HranaCloseSqlStreamRequest : HranaStreamRequest
{
    /// <summary>The id.</summary>
    public int SqlId { get; init; }
}

/// <summary>Asks whether the stream is outside a transaction (Hrana 3).</summary>
internal sealed class HranaGetAutocommitStreamRequest : HranaStreamRequest;
