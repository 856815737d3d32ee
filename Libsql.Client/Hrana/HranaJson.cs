using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Libsql.Client.Hrana;

/// <summary>
/// The Hrana JSON encoding (<c>/v2</c>, <c>/v3</c>), the client's side: encodes requests, decodes responses. Decoding
/// failures surface as <see cref="HranaFormatException"/>. Unknown fields are ignored, as the spec requires. The server's
/// side (Libsql.TestServer) uses the same contracts through <see cref="Writing"/>, <see cref="ReadInfo{T}"/>,
/// <see cref="Serialize{T}"/> and <see cref="Deserialize{T}"/>.
/// </summary>
internal static class HranaJson
{
    private const int InitialReadBufferSize = 16 * 1024;

    // The relaxed encoder keeps base64 '+' and non-ASCII text unescaped, as sqld writes them.
    private static readonly HranaJsonContext Polymorphic = new(new JsonSerializerOptions(HranaJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // The same contracts for reading, with the tagged unions read by peeking "type" (HranaUnionJsonConverter) instead of
    // System.Text.Json's polymorphism, which would buffer every object that does not start with its discriminator.
    private static readonly JsonSerializerOptions ReadOptions = new(Polymorphic.Options)
    {
        TypeInfoResolver = HranaJsonContext.Default.WithAddedModifier(static info =>
        {
            if (info.Converter is not null && info.Converter.GetType().IsGenericType
                && info.Converter.GetType().GetGenericTypeDefinition() == typeof(HranaUnionJsonConverter<>))
            {
                info.PolymorphismOptions = null;
            }
        }),
        Converters =
        {
            new HranaUnionJsonConverter<HranaStreamRequest>(Polymorphic.HranaStreamRequest),
            new HranaUnionJsonConverter<HranaStreamResult>(Polymorphic.HranaStreamResult),
            new HranaUnionJsonConverter<HranaStreamResponse>(Polymorphic.HranaStreamResponse),
            new HranaUnionJsonConverter<HranaBatchCondition>(Polymorphic.HranaBatchCondition),
            new HranaUnionJsonConverter<HranaCursorEntry>(Polymorphic.HranaCursorEntry),
            new HranaRowEntryJsonConverter(),
        },
    };

    private static readonly JsonTypeInfo<HranaPipelineResponse> ReadPipelineResponse = ReadInfo<HranaPipelineResponse>();
    private static readonly JsonTypeInfo<HranaCursorResponse> ReadCursorResponse = ReadInfo<HranaCursorResponse>();
    private static readonly JsonTypeInfo<HranaCursorEntry> ReadCursorEntry = ReadInfo<HranaCursorEntry>();
    private static readonly JsonTypeInfo<HranaError> ReadHranaError = ReadInfo<HranaError>();

    /// <summary>Encodes a pipeline request body.</summary>
    public static byte[] Serialize(HranaPipelineRequest value) => Serialize(value, Polymorphic.HranaPipelineRequest);

    /// <summary>Encodes a cursor request body.</summary>
    public static byte[] Serialize(HranaCursorRequest value) => Serialize(value, Polymorphic.HranaCursorRequest);

    /// <summary>Decodes a pipeline response body.</summary>
    public static HranaPipelineResponse DeserializePipelineResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadPipelineResponse);

    /// <summary>Decodes the first line of a cursor response.</summary>
    public static HranaCursorResponse DeserializeCursorResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadCursorResponse);

    /// <summary>Decodes one cursor entry line.</summary>
    public static HranaCursorEntry DeserializeCursorEntry(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadCursorEntry);

    /// <summary>Decodes an error body.</summary>
    public static HranaError DeserializeError(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadHranaError);

    /// <summary>Reads a pipeline response body from a stream.</summary>
    /// <remarks>
    /// The body is read whole into a pooled buffer and decoded from the span: a response is one or two results, and
    /// <see cref="HranaUnionJsonConverter{TBase}"/> (like any custom converter) needs each result buffered anyway, which
    /// System.Text.Json's streaming reader would do by rescanning a growing buffer.
    /// </remarks>
    public static async ValueTask<HranaPipelineResponse> DeserializePipelineResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialReadBufferSize);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return DeserializePipelineResponse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The contracts for writing: the unions through their attribute-driven polymorphism.</summary>
    public static HranaJsonContext Writing => Polymorphic;

    /// <summary>The contract for reading <typeparamref name="T"/>, with the unions read by their <c>"type"</c>.</summary>
    public static JsonTypeInfo<T> ReadInfo<T>() => (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T));

    /// <summary>Encodes <paramref name="value"/> with <paramref name="typeInfo"/>.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    /// <summary>Decodes <paramref name="utf8"/> with <paramref name="typeInfo"/>.</summary>
    /// <exception cref="HranaFormatException">The body is not valid Hrana JSON for <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
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
