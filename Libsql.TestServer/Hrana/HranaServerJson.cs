using System.Text.Json.Serialization.Metadata;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// The server's side of the Hrana JSON encoding (<c>/v2</c>, <c>/v3</c>): decodes the requests a client sends and
/// encodes the responses it reads, with the contracts of <see cref="HranaJson"/> (the client's side).
/// </summary>
internal static class HranaServerJson
{
    private static readonly JsonTypeInfo<HranaPipelineRequest> ReadPipelineRequest = HranaJson.ReadInfo<HranaPipelineRequest>();
    private static readonly JsonTypeInfo<HranaCursorRequest> ReadCursorRequest = HranaJson.ReadInfo<HranaCursorRequest>();

    /// <summary>Decodes a pipeline request body.</summary>
    public static HranaPipelineRequest DeserializePipelineRequest(ReadOnlySpan<byte> utf8) => HranaJson.Deserialize(utf8, ReadPipelineRequest);

    /// <summary>Decodes a cursor request body.</summary>
    public static HranaCursorRequest DeserializeCursorRequest(ReadOnlySpan<byte> utf8) => HranaJson.Deserialize(utf8, ReadCursorRequest);

    /// <summary>Encodes a pipeline response body.</summary>
    public static byte[] Serialize(HranaPipelineResponse value) => HranaJson.Serialize(value, HranaJson.Writing.HranaPipelineResponse);

    /// <summary>Encodes the first line of a cursor response (without the newline).</summary>
    public static byte[] Serialize(HranaCursorResponse value) => HranaJson.Serialize(value, HranaJson.Writing.HranaCursorResponse);

    /// <summary>Encodes one cursor entry line (without the newline).</summary>
    public static byte[] Serialize(HranaCursorEntry value) => HranaJson.Serialize(value, HranaJson.Writing.HranaCursorEntry);

    /// <summary>Encodes an error (the body of sqld's STREAM_EXPIRED 400).</summary>
    public static byte[] Serialize(HranaError value) => HranaJson.Serialize(value, HranaJson.Writing.HranaError);
}
