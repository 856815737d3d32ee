using System.Text.Json;
using System.Text.Json.Serialization;
using Libsql.TestServer.Namespaces;

namespace Libsql.TestServer.Hosting;

/// <summary>Source-generated JSON for the server's own bodies (errors, admin requests, persisted namespace settings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SqldErrorBody))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(NamespaceConfig))]
internal sealed partial class TestServerJsonContext : JsonSerializerContext;
