using Microsoft.IdentityModel.Tokens;

namespace Libsql.Auth.Internal;

/// <summary>
/// IdentityModel's extension point for algorithms it does not implement: hands out
/// <see cref="Ed25519SignatureProvider"/> for <see cref="Ed25519SecurityKey"/> and EdDSA, and defers
/// everything else to the default factory.
/// </summary>
internal sealed class Ed25519CryptoProviderFactory : CryptoProviderFactory
{
    private Ed25519CryptoProviderFactory()
    {
        // Providers are cheap (they only hold the key), so IdentityModel's cache would only add lifetime questions.
        CacheSignatureProviders = false;
    }

    /// <summary>The one instance every <see cref="Ed25519SecurityKey"/> uses.</summary>
    public static Ed25519CryptoProviderFactory Instance { get; } = new();

    /// <inheritdoc />
    public override bool IsSupportedAlgorithm(string algorithm, SecurityKey key) =>
        key is Ed25519SecurityKey edKey ? edKey.IsSupportedAlgorithm(algorithm) : base.IsSupportedAlgorithm(algorithm, key);

    /// <inheritdoc />
    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm) =>
        CreateForSigning(key, algorithm, cacheProvider: false);

    /// <inheritdoc />
    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm, bool cacheProvider) =>
        TryCreate(key, algorithm, willCreateSignatures: true) ?? base.CreateForSigning(key, algorithm, cacheProvider);

    /// <inheritdoc />
    public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm) =>
        CreateForVerifying(key, algorithm, cacheProvider: false);

    /// <inheritdoc />
    public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm, bool cacheProvider) =>
        TryCreate(key, algorithm, willCreateSignatures: false) ?? base.CreateForVerifying(key, algorithm, cacheProvider);

    /// <inheritdoc />
    public override void ReleaseSignatureProvider(SignatureProvider signatureProvider)
    {
        ArgumentNullException.ThrowIfNull(signatureProvider);
        if (signatureProvider is Ed25519SignatureProvider)
        {
            signatureProvider.Dispose();
            return;
        }

        base.ReleaseSignatureProvider(signatureProvider);
    }

    private static Ed25519SignatureProvider? TryCreate(SecurityKey key, string algorithm, bool willCreateSignatures)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key is Ed25519SecurityKey edKey && edKey.IsSupportedAlgorithm(algorithm)
            ? new Ed25519SignatureProvider(edKey, willCreateSignatures)
            : null;
    }
}
