using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The successful response to one <see cref="StreamRequest"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CloseStreamResponse), "close")]
[JsonDerivedType(typeof(ExecuteStreamResponse), "execute")]
[JsonDerivedType(typeof(BatchStreamResponse), "batch")]
[JsonDerivedType(typeof(SequenceStreamResponse), "sequence")]
[JsonDerivedType(typeof(DescribeStreamResponse), "describe")]
[JsonDerivedType(typeof(StoreSqlStreamResponse), "store_sql")]
[JsonDerivedType(typeof(CloseSqlStreamResponse), "close_sql")]
[JsonDerivedType(typeof(GetAutocommitStreamResponse), "get_autocommit")]
internal abstract class StreamResponse;
