using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Libsql.Auth.Internal;

/// <summary>
/// An Ed25519 key as IdentityModel sees it: it routes signing and verification to NSec through
/// <see cref="Ed25519CryptoProviderFactory"/>, since IdentityModel has no EdDSA of its own.
/// </summary>
internal sealed class Ed25519SecurityKey : AsymmetricSecurityKey
{
    /// <summary>Creates the key.</summary>
    /// <param name="publicKey">The public key, always present.</param>
    /// <param name="privateKey">The private key, when this key signs; owned by the caller.</param>
    public Ed25519SecurityKey(PublicKey publicKey, Key? privateKey)
    {
        PublicKey = publicKey;
        PrivateKey = privateKey;
        CryptoProviderFactory = Ed25519CryptoProviderFactory.Instance;
    }

    /// <summary>The NSec public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The NSec private key, or null for a verification-only key.</summary>
    public Key? PrivateKey { get; }

    /// <inheritdoc />
    public override int KeySize => 256;

    /// <inheritdoc />
    [Obsolete("HasPrivateKey method is deprecated, please use PrivateKeyStatus instead.")]
    public override bool HasPrivateKey => PrivateKey is not null;

    /// <inheritdoc />
    public override PrivateKeyStatus PrivateKeyStatus =>
        PrivateKey is null ? PrivateKeyStatus.DoesNotExist : PrivateKeyStatus.Exists;

    /// <inheritdoc />
    public override bool IsSupportedAlgorithm(string algorithm) =>
        string.Equals(algorithm, JwtAlgorithm.EdDsa, StringComparison.Ordinal);
}
