using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// sqld's batons: 16 bytes (stream id, sequence; big endian) plus their HMAC-SHA256 under a key that is random
/// per process, standard base64 without padding. So batons die with the server, as sqld's do.
/// </summary>
internal sealed class BatonCodec
{
    private const int PayloadLength = 16;
    private const int MacLength = 32;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Encode(ulong streamId, ulong sequence)
    {
        Span<byte> data = stackalloc byte[PayloadLength + MacLength];
        BinaryPrimitives.WriteUInt64BigEndian(data, streamId);
        BinaryPrimitives.WriteUInt64BigEndian(data[8..], sequence);
        HMACSHA256.HashData(_key, data[..PayloadLength], data[PayloadLength..]);
        return Convert.ToBase64String(data).TrimEnd('=');
    }

    public bool TryDecode(string baton, out ulong streamId, out ulong sequence)
    {
        streamId = sequence = 0;

        // 48 bytes are 64 base64 characters, never padded; anything else is not ours.
        Span<byte> data = stackalloc byte[PayloadLength + MacLength];
        if (baton.Length != 64 || !Convert.TryFromBase64String(baton, data, out var written) || written != data.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, data[..PayloadLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data[PayloadLength..]))
        {
            return false;
        }

        streamId = BinaryPrimitives.ReadUInt64BigEndian(data);
        sequence = BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
        return true;
    }
}
