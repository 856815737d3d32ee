using System.Text.Json.Serialization;

namespace Libsql.Auth.Internal;

/// <summary>One scope of sqld's <c>p</c> claim (struct <c>Scopes</c>): <c>{"ns": [...]}</c>.</summary>
/// <param name="Namespaces">The namespaces.</param>
internal sealed record ScopeClaim([property: JsonPropertyName("ns")] IReadOnlyList<string> Namespaces);
