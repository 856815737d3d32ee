using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One entry of a cursor's output.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StepBeginEntry), "step_begin")]
[JsonDerivedType(typeof(StepEndEntry), "step_end")]
[JsonDerivedType(typeof(StepErrorEntry), "step_error")]
[JsonDerivedType(typeof(RowEntry), "row")]
[JsonDerivedType(typeof(ErrorEntry), "error")]
[JsonDerivedType(typeof(ReplicationIndexEntry), "replication_index")]
internal abstract class CursorEntry;
