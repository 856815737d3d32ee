using System.Text.Json.Serialization;

namespace Libsql.Auth.Internal;

/// <summary>Source-generated JSON for the claims this library writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PermissionsClaim))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
