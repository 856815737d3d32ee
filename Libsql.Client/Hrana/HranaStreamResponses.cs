using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The successful response to one <see cref="HranaStreamRequest"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaCloseStreamResponse), "close")]
[JsonDerivedType(typeof(HranaExecuteStreamResponse), "execute")]
[JsonDerivedType(typeof(HranaBatchStreamResponse), "batch")]
[JsonDerivedType(typeof(HranaSequenceStreamResponse), "sequence")]
[JsonDerivedType(typeof(HranaDescribeStreamResponse), "describe")]
[JsonDerivedType(typeof(HranaStoreSqlStreamResponse), "store_sql")]
[JsonDerivedType(typeof(HranaCloseSqlStreamResponse), "close_sql")]
[JsonDerivedType(typeof(HranaGetAutocommitStreamResponse), "get_autocommit")]
internal abstract class HranaStreamResponse;

/// <summary>Response to <see cref="HranaCloseStreamRequest"/>.</summary>
internal sealed class HranaCloseStreamResponse : HranaStreamResponse;

/// <summary>Response to <see cref="HranaExecuteStreamRequest"/>.</summary>
internal sealed class HranaExecuteStreamResponse : HranaStreamResponse
{
    /// <summary>The statement result.</summary>
    public required HranaStatementResult Result { get; init; }
}

/// <summary>Response to <see cref="HranaBatchStreamRequest"/>.</summary>
internal sealed class HranaBatchStreamResponse : HranaStreamResponse
{
    /// <summary>The batch result.</summary>
    public required HranaBatchResult Result { get; init; }
}

/// <summary>Response to <see cref="HranaSequenceStreamRequest"/>.</summary>
internal sealed class HranaSequenceStreamResponse : HranaStreamResponse;

/// <summary>Response to <see cref="HranaDescribeStreamRequest"/>.</summary>
internal sealed class HranaDescribeStreamResponse : HranaStreamResponse
{
    /// <summary>The description.</summary>
    public required HranaDescribeResult Result { get; init; }
}

/// <summary>Response to <see cref="HranaStoreSqlStreamRequest"/>.</summary>
internal sealed class HranaStoreSqlStreamResponse : HranaStreamResponse;

/// <summary>Response to <see cref="HranaCloseSqlStreamRequest"/>.</summary>
internal sealed class HranaCloseSqlStreamResponse : HranaStreamResponse;

/// <summary>Response to <see cref="HranaGetAutocommitStreamRequest"/>.</summary>
internal sealed class HranaGetAutocommitStreamResponse : HranaStreamResponse
{
    /// <summary>True outside an explicit transaction.</summary>
    public bool IsAutocommit { get; init; }
}
