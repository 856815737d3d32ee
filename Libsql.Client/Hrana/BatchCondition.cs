using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A batch step condition (<c>BatchCond</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaOkBatchCondition), "ok")]
[JsonDerivedType(typeof(HranaErrorBatchCondition), "error")]
[JsonDerivedType(typeof(HranaNotBatchCondition), "not")]
[JsonDerivedType(typeof(HranaAndBatchCondition), "and")]
[JsonDerivedType(typeof(HranaOrBatchCondition), "or")]
[JsonDerivedType(typeof(HranaIsAutocommitBatchCondition), "is_autocommit")]
internal abstract class HranaBatchCondition;
