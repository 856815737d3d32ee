using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Libsql.Auth.Internal;

/// <summary>EdDSA signing and verification for IdentityModel, done by NSec (libsodium).</summary>
internal sealed class Ed25519SignatureProvider : SignatureProvider
{
    private static readonly SignatureAlgorithm s_ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Ed25519SecurityKey _key;

    /// <summary>Creates a provider for one key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="willCreateSignatures">True to sign (needs the private key), false to verify.</param>
    public Ed25519SignatureProvider(Ed25519SecurityKey key, bool willCreateSignatures)
        : base(key, JwtAlgorithm.EdDsa)
    {
        if (willCreateSignatures && key.PrivateKey is null)
        {
            throw new InvalidOperationException("This Ed25519 key has no private key, so it cannot sign.");
        }

        _key = key;
        WillCreateSignatures = willCreateSignatures;
    }

    /// <inheritdoc />
    public override byte[] Sign(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return s_ed25519.Sign(SigningKey, input);
    }

    /// <inheritdoc />
    public override byte[] Sign(byte[] input, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(input);
        return s_ed25519.Sign(SigningKey, input.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < s_ed25519.SignatureSize)
        {
            bytesWritten = 0;
            return false;
        }

        s_ed25519.Sign(SigningKey, data, destination[..s_ed25519.SignatureSize]);
        bytesWritten = s_ed25519.SignatureSize;
        return true;
    }

    /// <inheritdoc />
    public override bool Verify(byte[] input, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        return s_ed25519.Verify(_key.PublicKey, input, signature);
    }

    /// <inheritdoc />
    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        return s_ed25519.Verify(
            _key.PublicKey,
            input.AsSpan(inputOffset, inputLength),
            signature.AsSpan(signatureOffset, signatureLength));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The NSec keys belong to LibsqlSigningKey / LibsqlPublicKey, which dispose them.
    }

    private Key SigningKey => _key.PrivateKey!;
}
