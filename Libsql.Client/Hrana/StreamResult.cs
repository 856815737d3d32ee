using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The outcome of one pipeline request: <see cref="HranaStreamResultOk"/> or <see cref="HranaStreamResultError"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaStreamResultOk), "ok")]
[JsonDerivedType(typeof(HranaStreamResultError), "error")]
internal abstract class HranaStreamResult;
