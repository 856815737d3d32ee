using Google.Protobuf;
using Wire = Libsql.Client.Hrana.Protobuf;

namespace Libsql.Client.Hrana;

/// <summary>
/// The client's side of the Hrana Protobuf encoding (<c>/v3-protobuf</c>): encodes requests, decodes responses. Cursor
/// responses are length-delimited messages: one <see cref="HranaCursorResponse"/> then any number of
/// <see cref="HranaCursorEntry"/>. Decoding failures surface as <see cref="HranaFormatException"/>.
/// </summary>
internal static class HranaProtobuf
{
    /// <summary>The media type of Protobuf bodies.</summary>
    public const string ContentType = "application/x-protobuf";

    /// <summary>Encodes a pipeline request body.</summary>
    public static byte[] Serialize(HranaPipelineRequest value) => HranaProtobufMapper.ToProto(NotNull(value)).ToByteArray();

    /// <summary>Encodes a cursor request body.</summary>
    public static byte[] Serialize(HranaCursorRequest value) => HranaProtobufMapper.ToProto(NotNull(value)).ToByteArray();

    /// <summary>Decodes a pipeline response body.</summary>
    public static HranaPipelineResponse DeserializePipelineResponse(ReadOnlySpan<byte> data) =>
        Decode(data, Wire.PipelineRespBody.Parser, HranaProtobufMapper.FromProto);

    /// <summary>Decodes a cursor response item (without its length prefix).</summary>
    public static HranaCursorResponse DeserializeCursorResponse(ReadOnlySpan<byte> data) =>
        Decode(data, Wire.CursorRespBody.Parser, HranaProtobufMapper.FromProto);

    /// <summary>Decodes a cursor entry (without its length prefix).</summary>
    public static HranaCursorEntry DeserializeCursorEntry(ReadOnlySpan<byte> data) =>
        Decode(data, Wire.CursorEntry.Parser, HranaProtobufMapper.FromProto);

    /// <summary>Decodes an error.</summary>
    public static HranaError DeserializeError(ReadOnlySpan<byte> data) =>
        Decode(data, Wire.Error.Parser, HranaProtobufMapper.FromProto);

    /// <summary>
    /// Reads one length-delimited message from a cursor response stream.
    /// </summary>
    /// <returns>The message bytes without the prefix, or null at a clean end of stream.</returns>
    public static async ValueTask<byte[]?> ReadDelimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var one = new byte[1];
        ulong length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 63)
            {
                throw new HranaFormatException("Malformed length prefix in a Protobuf cursor response.");
            }

            var read = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return shift == 0 ? null : throw new HranaFormatException("The Protobuf cursor response ended inside a length prefix.");
            }

            length |= (ulong)(one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }
        }

        if (length > int.MaxValue)
        {
            throw new HranaFormatException("A Protobuf cursor message is too large.");
        }

        var buffer = new byte[(int)length];
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new HranaFormatException("The Protobuf cursor response ended inside a message.", e);
        }

        return buffer;
    }

    /// <summary>Parses <paramref name="data"/> as <typeparamref name="TProto"/> and maps it to the model.</summary>
    public static TModel Decode<TProto, TModel>(ReadOnlySpan<byte> data, MessageParser<TProto> parser, Func<TProto, TModel> map)
        where TProto : IMessage<TProto>
    {
        TProto proto;
        try
        {
            proto = parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new HranaFormatException("Invalid Hrana Protobuf: " + e.Message, e);
        }

        return map(proto);
    }

    private static T NotNull<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}
