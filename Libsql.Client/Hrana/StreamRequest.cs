using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One request of a pipeline (<c>StreamRequest</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CloseStreamRequest), "close")]
[JsonDerivedType(typeof(ExecuteStreamRequest), "execute")]
[JsonDerivedType(typeof(BatchStreamRequest), "batch")]
[JsonDerivedType(typeof(SequenceStreamRequest), "sequence")]
[JsonDerivedType(typeof(DescribeStreamRequest), "describe")]
[JsonDerivedType(typeof(StoreSqlStreamRequest), "store_sql")]
[JsonDerivedType(typeof(CloseSqlStreamRequest), "close_sql")]
[JsonDerivedType(typeof(GetAutocommitStreamRequest), "get_autocommit")]
internal abstract class StreamRequest;
