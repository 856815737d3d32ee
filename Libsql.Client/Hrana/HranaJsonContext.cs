using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Source-generated System.Text.Json metadata for the Hrana JSON encoding.</summary>
/// <remarks>
/// The model types read in bulk (pipeline response, statement, statement result, batch, batch result) have settable
/// members, not init-only ones: an init-only member sends the generated reader down its constructor path, which skips the
/// large settable members (rows, results, arguments) and reads them a second time.
/// </remarks>
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
