using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Source-generated System.Text.Json metadata for the Hrana JSON encoding.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Metadata,
    Converters = [typeof(HranaRowJsonConverter)])]
[JsonSerializable(typeof(HranaPipelineRequest))]
[JsonSerializable(typeof(HranaPipelineResponse))]
[JsonSerializable(typeof(HranaCursorRequest))]
[JsonSerializable(typeof(HranaCursorResponse))]
[JsonSerializable(typeof(HranaCursorEntry))]
[JsonSerializable(typeof(HranaError))]
internal sealed partial class HranaJsonContext : JsonSerializerContext;
