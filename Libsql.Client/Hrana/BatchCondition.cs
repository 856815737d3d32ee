using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A batch step condition (<c>BatchCond</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OkBatchCondition), "ok")]
[JsonDerivedType(typeof(ErrorBatchCondition), "error")]
[JsonDerivedType(typeof(NotBatchCondition), "not")]
[JsonDerivedType(typeof(AndBatchCondition), "and")]
[JsonDerivedType(typeof(OrBatchCondition), "or")]
[JsonDerivedType(typeof(IsAutocommitBatchCondition), "is_autocommit")]
internal abstract class BatchCondition;
