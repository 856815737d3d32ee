using System.Buffers;
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
            new HranaUnionJsonConverter<StreamRequest>(
                Polymorphic.StreamRequest,
                HranaUnionCase<StreamRequest>.Of<CloseStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<ExecuteStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<BatchStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<SequenceStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<DescribeStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<StoreSqlStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<CloseSqlStreamRequest>(),
                HranaUnionCase<StreamRequest>.Of<GetAutocommitStreamRequest>()),
            new HranaUnionJsonConverter<StreamResult>(
                Polymorphic.StreamResult,
                HranaUnionCase<StreamResult>.Of<StreamResultOk>(),
                HranaUnionCase<StreamResult>.Of<StreamResultError>()),
            new HranaUnionJsonConverter<StreamResponse>(
                Polymorphic.StreamResponse,
                HranaUnionCase<StreamResponse>.Of<CloseStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<ExecuteStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<BatchStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<SequenceStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<DescribeStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<StoreSqlStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<CloseSqlStreamResponse>(),
                HranaUnionCase<StreamResponse>.Of<GetAutocommitStreamResponse>()),
            new HranaUnionJsonConverter<BatchCondition>(
                Polymorphic.BatchCondition,
                HranaUnionCase<BatchCondition>.Of<OkBatchCondition>(),
                HranaUnionCase<BatchCondition>.Of<ErrorBatchCondition>(),
                HranaUnionCase<BatchCondition>.Of<NotBatchCondition>(),
                HranaUnionCase<BatchCondition>.Of<AndBatchCondition>(),
                HranaUnionCase<BatchCondition>.Of<OrBatchCondition>(),
                HranaUnionCase<BatchCondition>.Of<IsAutocommitBatchCondition>()),
            new HranaUnionJsonConverter<CursorEntry>(
                Polymorphic.CursorEntry,
                HranaUnionCase<CursorEntry>.Of<StepBeginEntry>(),
                HranaUnionCase<CursorEntry>.Of<StepEndEntry>(),
                HranaUnionCase<CursorEntry>.Of<StepErrorEntry>(),
                HranaUnionCase<CursorEntry>.Of<RowEntry>(),
                HranaUnionCase<CursorEntry>.Of<ErrorEntry>(),
                HranaUnionCase<CursorEntry>.Of<ReplicationIndexEntry>()),
            new HranaRowEntryJsonConverter(),
        },
    };

    private static readonly JsonTypeInfo<PipelineRequest> ReadPipelineRequest = ReadInfo<PipelineRequest>();
    private static readonly JsonTypeInfo<PipelineResponse> ReadPipelineResponse = ReadInfo<PipelineResponse>();
    private static readonly JsonTypeInfo<CursorRequest> ReadCursorRequest = ReadInfo<CursorRequest>();
    private static readonly JsonTypeInfo<CursorResponse> ReadCursorResponse = ReadInfo<CursorResponse>();
    private static readonly JsonTypeInfo<CursorEntry> ReadCursorEntry = ReadInfo<CursorEntry>();
    private static readonly JsonTypeInfo<HranaError> ReadHranaError = ReadInfo<HranaError>();

    /// <summary>Encodes a pipeline request body.</summary>
    public static byte[] Serialize(PipelineRequest value) => Serialize(value, Polymorphic.PipelineRequest);

    /// <summary>Encodes a pipeline response body.</summary>
    public static byte[] Serialize(PipelineResponse value) => Serialize(value, Polymorphic.PipelineResponse);

    /// <summary>Encodes a cursor request body.</summary>
    public static byte[] Serialize(CursorRequest value) => Serialize(value, Polymorphic.CursorRequest);

    /// <summary>Encodes the first line of a cursor response (without the newline).</summary>
    public static byte[] Serialize(CursorResponse value) => Serialize(value, Polymorphic.CursorResponse);

    /// <summary>Encodes one cursor entry line (without the newline).</summary>
    public static byte[] Serialize(CursorEntry value) => Serialize(value, Polymorphic.CursorEntry);

    /// <summary>Encodes an error (the body of sqld's STREAM_EXPIRED 400).</summary>
    public static byte[] Serialize(HranaError value) => Serialize(value, Polymorphic.HranaError);

    /// <summary>Decodes a pipeline request body.</summary>
    public static PipelineRequest DeserializePipelineRequest(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadPipelineRequest);

    /// <summary>Decodes a pipeline response body.</summary>
    public static PipelineResponse DeserializePipelineResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadPipelineResponse);

    /// <summary>Decodes a cursor request body.</summary>
    public static CursorRequest DeserializeCursorRequest(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadCursorRequest);

    /// <summary>Decodes the first line of a cursor response.</summary>
    public static CursorResponse DeserializeCursorResponse(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadCursorResponse);

    /// <summary>Decodes one cursor entry line.</summary>
    public static CursorEntry DeserializeCursorEntry(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadCursorEntry);

    /// <summary>Decodes an error body.</summary>
    public static HranaError DeserializeError(ReadOnlySpan<byte> utf8) => Deserialize(utf8, ReadHranaError);

    /// <summary>Reads a pipeline response body from a stream.</summary>
    /// <remarks>
    /// The body is read whole into a pooled buffer and decoded from the span: a response is one or two results, and
    /// <see cref="HranaUnionJsonConverter{TBase}"/> (like any custom converter) needs each result buffered anyway, which
    /// System.Text.Json's streaming reader would do by rescanning a growing buffer.
    /// </remarks>
    public static async ValueTask<PipelineResponse> DeserializePipelineResponseAsync(Stream stream, CancellationToken cancellationToken)
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

    private static JsonTypeInfo<T> ReadInfo<T>() => (JsonTypeInfo<T>)ReadOptions.GetTypeInfo(typeof(T));

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
