using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Libsql.Auth.Tests;

/// <summary>
/// Hand-made tokens for negative tests: shapes Libsql.Auth would never mint (other algorithms, odd claims), signed
/// directly with NSec so that only the part under test is wrong.
/// </summary>
internal static class TestTokens
{
    public const string EdDsaHeader = """{"alg":"EdDSA","typ":"JWT"}""";

    /// <summary>Signs header.payload with the Ed25519 key.</summary>
    public static string Sign(LibsqlSigningKey key, string payloadJson, string headerJson = EdDsaHeader)
    {
        var signingInput = $"{Encode(headerJson)}.{Encode(payloadJson)}";
        using var nsecKey = Key.Import(SignatureAlgorithm.Ed25519, Base64Url.DecodeFromChars(key.ExportBase64Url()), KeyBlobFormat.RawPrivateKey);
        var signature = SignatureAlgorithm.Ed25519.Sign(nsecKey, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>An HS256 token (HMAC-SHA256 with <paramref name="secret"/>).</summary>
    public static string SignHs256(byte[] secret, string payloadJson)
    {
        var signingInput = $"{Encode("""{"alg":"HS256","typ":"JWT"}""")}.{Encode(payloadJson)}";
        return $"{signingInput}.{Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    /// <summary>An ES256 token signed with a fresh P-256 key.</summary>
    public static string SignEs256(string payloadJson)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signingInput = $"{Encode("""{"alg":"ES256","typ":"JWT"}""")}.{Encode(payloadJson)}";
        return $"{signingInput}.{Base64Url.EncodeToString(ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256))}";
    }

    /// <summary>An unsigned token (<c>alg: none</c>, empty signature).</summary>
    public static string Unsigned(string payloadJson) => $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode(payloadJson)}.";

    /// <summary>The decoded JSON of a token segment (0 = header, 1 = payload).</summary>
    public static string Segment(string token, int index) =>
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[index]));

    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
