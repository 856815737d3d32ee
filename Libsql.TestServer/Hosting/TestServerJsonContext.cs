using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.TestServer.Hosting;

/// <summary>Source-generated JSON for the server's own bodies (errors, admin requests).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SqldErrorBody))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TestServerJsonContext : JsonSerializerContext;
