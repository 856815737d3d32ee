using System.Formats.Asn1;

namespace Libsql.Auth.Internal;

/// <summary>
/// Reads just enough of SubjectPublicKeyInfo (SPKI) and PKCS#8 DER to say which algorithm a key is for,
/// so that an RSA or EC key gets a message naming it instead of a generic decoding error.
/// </summary>
internal static class KeyDer
{
    public const string Ed25519Oid = "1.3.101.112";

    /// <summary>The algorithm OID of an SPKI structure.</summary>
    /// <param name="der">The DER bytes.</param>
    /// <returns>The OID, or null when the bytes are not SPKI.</returns>
    public static string? ReadSpkiAlgorithm(ReadOnlyMemory<byte> der) =>
        ReadAlgorithm(der, skipVersion: false);

    /// <summary>The algorithm OID of a PKCS#8 PrivateKeyInfo structure.</summary>
    /// <param name="der">The DER bytes.</param>
    /// <returns>The OID, or null when the bytes are not PKCS#8.</returns>
    public static string? ReadPkcs8Algorithm(ReadOnlyMemory<byte> der) =>
        ReadAlgorithm(der, skipVersion: true);

    /// <summary>A human name for a key algorithm OID.</summary>
    /// <param name="oid">The OID.</param>
    /// <returns>The name, e.g. "RSA".</returns>
    public static string AlgorithmName(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10" => "RSA",
        "1.2.840.10045.2.1" => "EC (ECDSA)",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        Ed25519Oid => "Ed25519",
        "1.3.101.113" => "Ed448",
        _ => $"OID {oid}",
    };

    private static string? ReadAlgorithm(ReadOnlyMemory<byte> der, bool skipVersion)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            if (skipVersion)
            {
                outer.ReadInteger();
            }

            return outer.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
