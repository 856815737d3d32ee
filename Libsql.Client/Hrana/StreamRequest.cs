using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One request of a pipeline (<c>HranaStreamRequest</c>).</summary>
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
