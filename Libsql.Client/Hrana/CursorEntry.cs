using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One entry of a cursor's output.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaStepBeginEntry), "step_begin")]
[JsonDerivedType(typeof(HranaStepEndEntry), "step_end")]
[JsonDerivedType(typeof(HranaStepErrorEntry), "step_error")]
[JsonDerivedType(typeof(HranaRowEntry), "row")]
[JsonDerivedType(typeof(HranaErrorEntry), "error")]
[JsonDerivedType(typeof(HranaReplicationIndexEntry), "replication_index")]
internal abstract class HranaCursorEntry;
