using System.Security.Cryptography;
using Libsql.Auth.Internal;
using NSec.Cryptography;

namespace Libsql.Auth;

/// <summary>
/// An Ed25519 public key: what sqld needs in <c>SQLD_AUTH_JWT_KEY</c> / <c>SQLD_AUTH_JWT_KEY_FILE</c> to
/// verify tokens. Safe to share and to log.
/// </summary>
public sealed class LibsqlPublicKey : IEquatable<LibsqlPublicKey>
{
    private const int RawKeyLength = 32;
    private readonly byte[] _raw;

    internal LibsqlPublicKey(PublicKey publicKey)
    {
        _raw = publicKey.Export(KeyBlobFormat.RawPublicKey);
        SecurityKey = new Ed25519SecurityKey(publicKey, privateKey: null);
    }

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> RawBytes => _raw;

    /// <summary>The key as IdentityModel verifies with it.</summary>
    internal Ed25519SecurityKey SecurityKey { get; }

    /// <summary>
    /// Reads one public key the way sqld reads <c>SQLD_AUTH_JWT_KEY</c>: either one PEM <c>PUBLIC KEY</c> (SPKI)
    /// block starting at the very first character, or the raw 32-byte key as base64url without padding. Nothing
    /// is trimmed, exactly as sqld does.
    /// </summary>
    /// <param name="text">The key text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="LibsqlKeyFormatException">The text is not a key sqld would accept; the message says why.</exception>
    public static LibsqlPublicKey Parse(string text)
    {
        var keys = ParseMany(text);
        if (keys.Count != 1)
        {
            throw new LibsqlKeyFormatException(
                $"The public key text holds {keys.Count} PEM blocks where one key was expected; use ParseMany to read several keys.");
        }

        return keys[0];
    }

    /// <summary>
    /// Reads key text with sqld's <c>parse_jwt_keys</c> rules: several concatenated PEM <c>PUBLIC KEY</c> blocks
    /// (any of them may verify a token), or one raw base64url key.
    /// </summary>
    /// <param name="text">The key text, e.g. the content of <c>SQLD_AUTH_JWT_KEY_FILE</c>.</param>
    /// <returns>The keys, never empty.</returns>
    /// <exception cref="LibsqlKeyFormatException">The text is not a key sqld would accept; the message says why.</exception>
    public static IReadOnlyList<LibsqlPublicKey> ParseMany(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new LibsqlKeyFormatException(
                "The public key text is empty: give the raw key (43 base64url characters) or a PEM PUBLIC KEY block.");
        }

        return PemText.IsPem(text)
            ? [.. PemText.ReadAll(text, "public key").Select(FromPemBlock)]
            : [FromRaw(text)];
    }

    /// <summary>Creates a key from its raw 32 bytes.</summary>
    /// <param name="rawKey">The raw Ed25519 public key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="LibsqlKeyFormatException">The bytes are not 32 long or not an Ed25519 public key.</exception>
    public static LibsqlPublicKey FromRawBytes(ReadOnlySpan<byte> rawKey)
    {
        if (rawKey.Length != RawKeyLength)
        {
            throw new LibsqlKeyFormatException(
                $"An Ed25519 public key is {RawKeyLength} bytes, not {rawKey.Length}.");
        }

        return Import(rawKey, KeyBlobFormat.RawPublicKey, "The raw public key");
    }

    /// <summary>
    /// The exact value for <c>SQLD_AUTH_JWT_KEY</c>: the raw key as URL-safe base64 without padding, 43 characters,
    /// no newline.
    /// </summary>
    /// <returns>The base64url text.</returns>
    public string ToBase64Url() => Base64UrlText.Encode(_raw);

    /// <summary>The key as a PEM <c>PUBLIC KEY</c> (SPKI) block, which sqld also accepts.</summary>
    /// <returns>The PEM text, ending with a newline.</returns>
    public string ToPem() => PemText.Write("PUBLIC KEY", SecurityKey.PublicKey.Export(KeyBlobFormat.PkixPublicKey));

    /// <summary>The base64url form (<see cref="ToBase64Url"/>); a public key is not a secret.</summary>
    /// <returns>The base64url text.</returns>
    public override string ToString() => ToBase64Url();

    /// <inheritdoc />
    public bool Equals(LibsqlPublicKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_raw, other._raw);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LibsqlPublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_raw, 0);

    /// <summary>Whether two keys are the same key.</summary>
    /// <param name="left">A key.</param>
    /// <param name="right">Another key.</param>
    /// <returns>True when both are null or hold the same bytes.</returns>
    public static bool operator ==(LibsqlPublicKey? left, LibsqlPublicKey? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Whether two keys differ.</summary>
    /// <param name="left">A key.</param>
    /// <param name="right">Another key.</param>
    /// <returns>True when they are not the same key.</returns>
    public static bool operator !=(LibsqlPublicKey? left, LibsqlPublicKey? right) => !(left == right);

    private static LibsqlPublicKey FromPemBlock(PemBlock block) => block.Label switch
    {
        "PUBLIC KEY" => FromSpki(block.Der),
        "PRIVATE KEY" => throw new LibsqlKeyFormatException(
            "Received a private key, but a public key is expected: give sqld the public key (jwt_key.pub or its " +
            "PUBLIC KEY PEM), never the private key."),
        _ when block.Label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) => throw new LibsqlKeyFormatException(
            $"Key is in unsupported PEM format: a '{block.Label}' block is a private key, but a public key is expected. " +
            "Give sqld an Ed25519 PUBLIC KEY block."),
        _ => throw new LibsqlKeyFormatException(
            $"Key is in unsupported PEM format: the block is labelled '{block.Label}'; sqld accepts only 'PUBLIC KEY' " +
            "(SPKI) blocks holding an Ed25519 key."),
    };

    private static LibsqlPublicKey FromSpki(byte[] der)
    {
        var oid = KeyDer.ReadSpkiAlgorithm(der)
            ?? throw new LibsqlKeyFormatException(
                "Could not decode Ed25519 public key from PEM: the PUBLIC KEY block is not a SubjectPublicKeyInfo (SPKI) structure.");
        if (oid != KeyDer.Ed25519Oid)
        {
            throw new LibsqlKeyFormatException(
                $"Could not decode Ed25519 public key from PEM: this is an {KeyDer.AlgorithmName(oid)} key, and sqld " +
                "verifies only EdDSA tokens signed with Ed25519. Generate an Ed25519 pair, e.g. `libsql-auth keygen`.");
        }

        return Import(der, KeyBlobFormat.PkixPublicKey, "The PUBLIC KEY block");
    }

    private static LibsqlPublicKey FromRaw(string text)
    {
        if (PemText.IsPemAfterWhitespace(text))
        {
            throw new LibsqlKeyFormatException(
                "The public key text has whitespace before -----BEGIN; sqld reads PEM only when -----BEGIN is the very " +
                "first character (it trims nothing), so remove the leading whitespace.");
        }

        if (Base64UrlText.FindProblem(text) is { } problem)
        {
            throw new LibsqlKeyFormatException($"The raw public key {problem}.");
        }

        Base64UrlText.TryDecode(text, out var raw);
        if (raw.Length != RawKeyLength)
        {
            var hint = raw.Length == 44
                ? " This looks like the DER SubjectPublicKeyInfo; give the raw key or the PEM block instead."
                : "";
            throw new LibsqlKeyFormatException(
                $"The raw public key decodes to {raw.Length} bytes; an Ed25519 public key is {RawKeyLength} bytes, " +
                $"i.e. 43 base64url characters.{hint}");
        }

        return Import(raw, KeyBlobFormat.RawPublicKey, "The raw public key");
    }

    private static LibsqlPublicKey Import(ReadOnlySpan<byte> blob, KeyBlobFormat format, string what)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, blob, format, out var key) || key is null)
        {
            throw new LibsqlKeyFormatException($"{what} is not a valid Ed25519 public key.");
        }

        return new LibsqlPublicKey(key);
    }
}
