namespace Libsql.Auth.Internal;

/// <summary>The JWS algorithm name sqld accepts; IdentityModel has no constant for it.</summary>
internal static class JwtAlgorithm
{
    /// <summary>EdDSA (RFC 8037), the only <c>alg</c> sqld accepts.</summary>
    public const string EdDsa = "EdDSA";
}
