using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The outcome of one pipeline request: <see cref="StreamResultOk"/> or <see cref="StreamResultError"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StreamResultOk), "ok")]
[JsonDerivedType(typeof(StreamResultError), "error")]
internal abstract class StreamResult;
