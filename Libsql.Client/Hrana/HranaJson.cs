using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Libsql.Client.Hrana;

/// <summary>
/// The Hrana JSON encoding (<c>/v2</c>, <c>/v3</c>). Decoding failures surface as <see cref="HranaFormatException"/>.
/// Unknown fields are ignored, as the spec requires.
/// </summary>
internal static class HranaJson
{
    // The relaxed encoder keeps base64 '+' and non-ASCII text unescaped, as sqld writes them.
    private static readonly HranaJsonContext Context = new(new JsonSerializerOptions(HranaJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Encodes a pipeline request body.</summary>
    public static byte[] Serialize(PipelineRequest value) => Serialize(value, Context.PipelineRequest);

    /// <summary>Encodes a pipeline response body.</summary>
    public static byte[] Serialize(PipelineResponse value) => Serialize(value, Context.PipelineResponse);

    /// <summary>Encodes a cursor request body.</summary>
    public static byte[] Serialize(CursorRequest value) => Serialize(value, Context.CursorRequest);

    /// <summary>Encodes the first line of a cursor response (without the newline).</summary>
    public static byte[] Serialize(CursorResponse value) => Serialize(value, Context.CursorResponse);

    /// <summary>Encodes one cursor entry line (without the newline).</summary>
    public static byte[] Serialize(CursorEntry value) => Serialize(value, Context.CursorEntry);

    /// <summary>Encodes an error (the body of sqld's STREAM_EXPIRED 400).</summary>
    public static byte[] Serialize(HranaError value) => Serialize(value, Context.HranaError);

    /// <summary>Decodes a pipeline request body.</summary>
    public static PipelineRequest DeserializePipelineRequest(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.PipelineRequest);

    /// <summary>Decodes a pipeline response body.</summary>
    public static PipelineResponse DeserializePipelineResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.PipelineResponse);

    /// <summary>Decodes a cursor request body.</summary>
    public static CursorRequest DeserializeCursorRequest(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.CursorRequest);

    /// <summary>Decodes the first line of a cursor response.</summary>
    public static CursorResponse DeserializeCursorResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.CursorResponse);

    /// <summary>Decodes one cursor entry line.</summary>
    public static CursorEntry DeserializeCursorEntry(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.CursorEntry);

    /// <summary>Decodes an error body.</summary>
    public static HranaError DeserializeError(ReadOnlySpan<byte> utf8) => Deserialize(utf8, Context.HranaError);

    /// <summary>Reads a pipeline response body from a stream.</summary>
    public static async ValueTask<PipelineResponse> DeserializePipelineResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, Context.PipelineResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new HranaFormatException("The Hrana JSON body is null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new HranaFormatException("Invalid Hrana JSON: " + e.Message, e);
        }
    }

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo) ?? throw new HranaFormatException("The Hrana JSON body is null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new HranaFormatException("Invalid Hrana JSON: " + e.Message, e);
        }
    }
}
