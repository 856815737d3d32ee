using System.Security.Cryptography;
using Libsql.Auth.Internal;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Libsql.Auth;

/// <summary>
/// An Ed25519 private key that mints EdDSA tokens sqld accepts. Keep it secret: give sqld only
/// <see cref="PublicKey"/>. Nothing this type prints or throws contains the private key.
/// </summary>
/// <example>
/// <code>
/// using var key = LibsqlSigningKey.Generate();
/// var serverKey = key.PublicKey.ToBase64Url();   // SQLD_AUTH_JWT_KEY
/// var token = key.MintToken();                   // Authorization: Bearer {token}
/// </code>
/// </example>
public sealed class LibsqlSigningKey : IDisposable
{
    private const int SeedLength = 32;

    private static readonly SignatureAlgorithm s_ed25519 = SignatureAlgorithm.Ed25519;

    // SetDefaultTimesOnTokenCreation would add a one-hour exp that nobody asked for.
    private static readonly JsonWebTokenHandler s_handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly Key _key;
    private readonly SigningCredentials _credentials;

    private LibsqlSigningKey(Key key)
    {
        _key = key;
        PublicKey = new LibsqlPublicKey(key.PublicKey);
        _credentials = new SigningCredentials(new Ed25519SecurityKey(key.PublicKey, key), JwtAlgorithm.EdDsa);
    }

    /// <summary>The public half, to configure sqld with.</summary>
    public LibsqlPublicKey PublicKey { get; }

    /// <summary>Generates a new random key.</summary>
    /// <returns>The key.</returns>
    public static LibsqlSigningKey Generate() => new(Key.Create(s_ed25519, Exportable()));

    /// <summary>
    /// Reads a private key in either form this library exports: PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>, chosen
    /// when the text starts with <c>-----BEGIN</c>) or the raw 32-byte seed as base64url.
    /// </summary>
    /// <param name="text">The key text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="LibsqlKeyFormatException">The text is not an Ed25519 private key; the message says why.</exception>
    public static LibsqlSigningKey Import(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PemText.IsPem(text) ? ImportPem(text) : ImportBase64Url(text);
    }

    /// <summary>Reads a PKCS#8 PEM <c>PRIVATE KEY</c> block holding an Ed25519 key (as <c>openssl genpkey -algorithm ed25519</c> writes).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="LibsqlKeyFormatException">The text is not one Ed25519 PKCS#8 block; the message says why.</exception>
    public static LibsqlSigningKey ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemText.IsPem(pem))
        {
            throw new LibsqlKeyFormatException(PemText.IsPemAfterWhitespace(pem)
                ? "The private key has whitespace before -----BEGIN; remove it."
                : "The private key is not PEM: it must start with -----BEGIN PRIVATE KEY-----.");
        }

        var blocks = PemText.ReadAll(pem, "private key");
        if (blocks.Count != 1)
        {
            throw new LibsqlKeyFormatException($"The private key text holds {blocks.Count} PEM blocks; it must hold exactly one PRIVATE KEY block.");
        }

        var block = blocks[0];
        if (block.Label != "PRIVATE KEY")
        {
            throw new LibsqlKeyFormatException(DescribeWrongLabel(block.Label));
        }

        var oid = KeyDer.ReadPkcs8Algorithm(block.Der)
            ?? throw new LibsqlKeyFormatException("The PRIVATE KEY block is not a PKCS#8 structure.");
        if (oid != KeyDer.Ed25519Oid)
        {
            throw new LibsqlKeyFormatException(
                $"This is an {KeyDer.AlgorithmName(oid)} private key; sqld only accepts EdDSA tokens, so the key must be " +
                "Ed25519. Generate one with `libsql-auth keygen` or `openssl genpkey -algorithm ed25519`.");
        }

        try
        {
            return Import(block.Der, KeyBlobFormat.PkixPrivateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block.Der);
        }
    }

    /// <summary>Reads the raw 32-byte Ed25519 seed written as base64url without padding (43 characters).</summary>
    /// <param name="seed">The base64url text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="LibsqlKeyFormatException">The text is not a 32-byte base64url seed; the message says why.</exception>
    public static LibsqlSigningKey ImportBase64Url(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (Base64UrlText.FindProblem(seed) is { } problem)
        {
            throw new LibsqlKeyFormatException($"The private key seed {problem}.");
        }

        Base64UrlText.TryDecode(seed, out var raw);
        try
        {
            if (raw.Length != SeedLength)
            {
                var hint = raw.Length == 64 ? " 64 bytes looks like libsodium's seed-plus-public-key form; its first 32 bytes are the seed." : "";
                throw new LibsqlKeyFormatException(
                    $"The private key seed decodes to {raw.Length} bytes; an Ed25519 seed is {SeedLength} bytes, i.e. 43 base64url characters.{hint}");
            }

            return Import(raw, KeyBlobFormat.RawPrivateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>The key as a PKCS#8 PEM <c>PRIVATE KEY</c> block, as OpenSSL writes it.</summary>
    /// <returns>The PEM text, ending with a newline.</returns>
    public string ExportPem()
    {
        var der = _key.Export(KeyBlobFormat.PkixPrivateKey);
        try
        {
            return PemText.Write("PRIVATE KEY", der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>The raw 32-byte seed as base64url without padding (43 characters).</summary>
    /// <returns>The base64url text.</returns>
    public string ExportBase64Url()
    {
        var raw = _key.Export(KeyBlobFormat.RawPrivateKey);
        try
        {
            return Base64UrlText.Encode(raw);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    /// <summary>Mints an EdDSA JWT with sqld's claims.</summary>
    /// <param name="options">What the token grants and how long it lives; null = full access, no expiry.</param>
    /// <param name="timeProvider">The clock for <c>iat</c> and <see cref="LibsqlTokenOptions.ExpiresIn"/>; null = the system clock.</param>
    /// <returns>The compact token, to send as <c>Authorization: Bearer {token}</c>.</returns>
    /// <exception cref="ArgumentException">The options contradict each other or sqld would reject the token.</exception>
    public string MintToken(LibsqlTokenOptions? options = null, TimeProvider? timeProvider = null)
    {
        var descriptor = (options ?? LibsqlTokenOptions.FullAccess).ToDescriptor((timeProvider ?? TimeProvider.System).GetUtcNow());
        descriptor.SigningCredentials = _credentials;
        return s_handler.CreateToken(descriptor);
    }

    /// <summary>Releases the key material.</summary>
    public void Dispose() => _key.Dispose();

    private static LibsqlSigningKey Import(ReadOnlySpan<byte> blob, KeyBlobFormat format)
    {
        if (!Key.TryImport(s_ed25519, blob, format, out var key, Exportable()) || key is null)
        {
            throw new LibsqlKeyFormatException("The private key is not a valid Ed25519 key.");
        }

        return new LibsqlSigningKey(key);
    }

    // Export stays possible so that ExportPem/ExportBase64Url work on every key; KeyCreationParameters is a ref struct.
    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    private static string DescribeWrongLabel(string label) => label switch
    {
        "PUBLIC KEY" => "This is a public key; minting tokens needs the private key (the PKCS#8 PRIVATE KEY block, e.g. jwt_key.pem).",
        "ENCRYPTED PRIVATE KEY" => "The private key is encrypted; decrypt it first, e.g. `openssl pkey -in key.pem -out plain.pem`.",
        "OPENSSH PRIVATE KEY" => "This is an OpenSSH key; convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f FILE`, or use `libsql-auth keygen`.",
        "RSA PRIVATE KEY" => "This is an RSA private key; sqld only accepts EdDSA tokens, so the key must be Ed25519 (`libsql-auth keygen`).",
        "EC PRIVATE KEY" => "This is an EC (ECDSA) private key; sqld only accepts EdDSA tokens, so the key must be Ed25519 (`libsql-auth keygen`).",
        _ => $"The PEM block is labelled '{label}'; an Ed25519 private key is a 'PRIVATE KEY' (PKCS#8) block.",
    };
}
