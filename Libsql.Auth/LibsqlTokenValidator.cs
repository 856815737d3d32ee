using System.Text;
using Libsql.Auth.Internal;

namespace Libsql.Auth;

/// <summary>
/// Validates tokens exactly as sqld's JWT strategy does (libsql <c>auth/user_auth_strategies/jwt.rs</c> on
/// jsonwebtoken 9.3): <c>alg</c> must be EdDSA; any configured key may verify the signature; <c>exp</c> is optional,
/// an integer, and allowed 60 seconds of leeway; <c>nbf</c> is ignored; any <c>aud</c> is rejected. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var validator = new LibsqlTokenValidator(LibsqlPublicKey.ParseMany(keyText));
/// var result = validator.ValidateAuthorizationHeader(request.Headers.Authorization);
/// if (!result.IsValid) return Results.Json(new { error = result.FailureMessage }, statusCode: 401);
/// var access = result.GetAccess("default");
/// </code>
/// </example>
public sealed class LibsqlTokenValidator
{
    /// <summary>sqld's clock-skew allowance for <c>exp</c> (jsonwebtoken's default leeway).</summary>
    public static readonly TimeSpan ExpiryLeeway = TimeSpan.FromSeconds(60);

    private static readonly long s_minUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long s_maxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly LibsqlPublicKey[] _keys;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a validator.</summary>
    /// <param name="keys">The public keys, as sqld's <c>SQLD_AUTH_JWT_KEY</c> holds them (see <see cref="LibsqlPublicKey.ParseMany"/>).</param>
    /// <param name="timeProvider">The clock for <c>exp</c>; null = the system clock.</param>
    /// <exception cref="ArgumentException">No key was given.</exception>
    public LibsqlTokenValidator(IEnumerable<LibsqlPublicKey> keys, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys];
        if (_keys.Length == 0 || _keys.Any(k => k is null))
        {
            throw new ArgumentException("Give at least one public key, and no null ones.", nameof(keys));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Validates an <c>Authorization</c> header value with sqld's rules: it must be present, contain a space, and
    /// use the <c>Bearer</c> scheme in any letter case; the rest after the first space is the token.
    /// </summary>
    /// <param name="authorizationHeader">The header value, or null when the request had none.</param>
    /// <returns>The result, with sqld's 401 text on failure.</returns>
    public LibsqlTokenValidationResult ValidateAuthorizationHeader(string? authorizationHeader)
    {
        if (authorizationHeader is null)
        {
            return LibsqlTokenValidationResult.Rejected(LibsqlTokenFailure.MissingHeader, "the request has no Authorization header");
        }

        var space = authorizationHeader.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return LibsqlTokenValidationResult.Rejected(
                LibsqlTokenFailure.MalformedHeader, "the Authorization header has no space between scheme and token");
        }

        if (!authorizationHeader.AsSpan(0, space).Equals("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return LibsqlTokenValidationResult.Rejected(
                LibsqlTokenFailure.UnsupportedScheme, "the Authorization scheme is not Bearer; sqld has no Basic fallback in JWT mode");
        }

        return ValidateToken(authorizationHeader[(space + 1)..]);
    }

    /// <summary>Validates a compact token (without the <c>Bearer </c> prefix).</summary>
    /// <param name="token">The token.</param>
    /// <returns>The result; a malformed token is a failed result, not an exception.</returns>
    public LibsqlTokenValidationResult ValidateToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Invalid($"the token has {parts.Length} dot-separated parts; a JWT has exactly 3 (header.payload.signature)");
        }

        if (!Base64UrlText.TryDecode(parts[0], out var header))
        {
            return Invalid($"the header segment {Base64UrlText.FindProblem(parts[0])}");
        }

        if (SqldTokenHeader.FindProblem(header) is { } headerProblem)
        {
            return Invalid(headerProblem);
        }

        if (!Base64UrlText.TryDecode(parts[2], out var signature))
        {
            return Invalid($"the signature segment {Base64UrlText.FindProblem(parts[2])}");
        }

        if (!VerifiedByAnyKey(Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length), signature))
        {
            return Invalid("the signature does not match any configured public key");
        }

        if (!Base64UrlText.TryDecode(parts[1], out var payload))
        {
            return Invalid($"the payload segment {Base64UrlText.FindProblem(parts[1])}");
        }

        if (!SqldTokenClaims.TryRead(payload, out var claims, out var claimsProblem))
        {
            return Invalid(claimsProblem!);
        }

        return Check(claims!);
    }

    private LibsqlTokenValidationResult Check(SqldTokenClaims claims)
    {
        // sqld accepts exp values far beyond what DateTimeOffset can hold; those just have no ExpiresAt here.
        DateTimeOffset? expiresAt = claims.Expiry is { } exp && exp >= s_minUnixSeconds && exp <= s_maxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : null;

        // jsonwebtoken reads exp as u64 for this check, so a negative exp is never "expired" there.
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (claims.Expiry is >= 0 and var expiry && expiry < now - (long)ExpiryLeeway.TotalSeconds)
        {
            return LibsqlTokenValidationResult.Rejected(
                LibsqlTokenFailure.Expired,
                $"the token expired {now - expiry} s ago, beyond sqld's {ExpiryLeeway.TotalSeconds:0} s leeway",
                expiresAt);
        }

        if (claims.HasAudience)
        {
            return LibsqlTokenValidationResult.Rejected(
                LibsqlTokenFailure.AuthenticationFailed,
                "the token has an \"aud\" claim, which sqld always rejects; mint tokens without \"aud\"",
                expiresAt);
        }

        return LibsqlTokenValidationResult.Valid(claims.Grant, expiresAt);
    }

    private bool VerifiedByAnyKey(byte[] signingInput, byte[] signature)
    {
        foreach (var key in _keys)
        {
            var securityKey = key.SecurityKey;
            var factory = securityKey.CryptoProviderFactory;
            var provider = factory.CreateForVerifying(securityKey, JwtAlgorithm.EdDsa);
            try
            {
                if (provider.Verify(signingInput, signature))
                {
                    return true;
                }
            }
            finally
            {
                factory.ReleaseSignatureProvider(provider);
            }
        }

        return false;
    }

    private static LibsqlTokenValidationResult Invalid(string detail) =>
        LibsqlTokenValidationResult.Rejected(LibsqlTokenFailure.InvalidToken, detail);
}
