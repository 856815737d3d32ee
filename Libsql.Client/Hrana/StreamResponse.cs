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
