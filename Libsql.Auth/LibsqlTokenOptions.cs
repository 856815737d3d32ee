using System.Text.Json;
using Libsql.Auth.Internal;
using Microsoft.IdentityModel.Tokens;

namespace Libsql.Auth;

/// <summary>
/// What a token minted by <see cref="LibsqlSigningKey.MintToken"/> grants and how long it lives. The defaults give
/// full access with no expiry. Tokens never carry <c>aud</c>: sqld rejects any token that has one.
/// </summary>
/// <example>
/// <code>
/// key.MintToken();                                                        // full access, no expiry
/// key.MintToken(LibsqlTokenOptions.ReadOnlyAccess);                       // {"a":"ro"}
/// key.MintToken(new() { Namespace = "tenant1", ExpiresIn = TimeSpan.FromHours(1) });
/// </code>
/// </example>
public sealed record LibsqlTokenOptions
{
    /// <summary>Full access to every namespace, no expiry: claims <c>{"iat": ...}</c> only.</summary>
    public static LibsqlTokenOptions FullAccess { get; } = new();

    /// <summary>Read-only access to every namespace, no expiry: <c>{"a": "ro"}</c>.</summary>
    public static LibsqlTokenOptions ReadOnlyAccess { get; } = new() { Access = LibsqlTokenAccess.ReadOnly };

    /// <summary>Read-write (default) or read-only; claim <c>a</c>.</summary>
    public LibsqlTokenAccess Access { get; init; }

    /// <summary>Restricts the token to one namespace (claim <c>id</c>); null means every namespace.
    /// With namespaces disabled sqld serves only <c>default</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Per-namespace permissions (claim <c>p</c>). sqld then ignores <c>a</c> and <c>id</c>, so this
    /// cannot be combined with <see cref="Namespace"/> or a read-only <see cref="Access"/>.</summary>
    public LibsqlPermissions? Permissions { get; init; }

    /// <summary>When the token expires (claim <c>exp</c>, whole Unix seconds). sqld allows 60 s of clock skew.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Lifetime from the moment of minting; an alternative to <see cref="ExpiresAt"/>.</summary>
    public TimeSpan? ExpiresIn { get; init; }

    /// <summary>The <c>iat</c> claim; null means the moment of minting. sqld does not check it.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>An optional <c>nbf</c> claim. sqld ignores it, so it does not delay a token there.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Checks the options and turns them into IdentityModel's descriptor, without credentials.</summary>
    /// <param name="now">The moment of minting.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">The options contradict each other or sqld would reject the token.</exception>
    internal SecurityTokenDescriptor ToDescriptor(DateTimeOffset now)
    {
        if (!Enum.IsDefined(Access))
        {
            throw new ArgumentException($"Access {(int)Access} is not a LibsqlTokenAccess value.", "options");
        }

        if (Namespace is { Length: 0 })
        {
            throw new ArgumentException("Namespace is empty; sqld rejects a token whose \"id\" is empty. Use null for every namespace.", "options");
        }

        if (ExpiresAt is not null && ExpiresIn is not null)
        {
            throw new ArgumentException("Set ExpiresAt or ExpiresIn, not both.", "options");
        }

        if (ExpiresIn <= TimeSpan.Zero)
        {
            throw new ArgumentException("ExpiresIn must be positive; use ExpiresAt for a fixed (even past) moment.", "options");
        }

        if (ExpiresIn > DateTimeOffset.MaxValue - now)
        {
            throw new ArgumentException("ExpiresIn reaches past year 9999; leave it null for a token that never expires.", "options");
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (Permissions is not null)
        {
            if (Namespace is not null || Access != LibsqlTokenAccess.ReadWrite)
            {
                throw new ArgumentException(
                    "Permissions replaces Access and Namespace (sqld ignores \"a\" and \"id\" when \"p\" is present); set one or the other.",
                    "options");
            }

            claims["p"] = JsonSerializer.SerializeToElement(PermissionsClaim.From(Permissions), AuthJsonContext.Default.PermissionsClaim);
        }
        else
        {
            if (Namespace is not null)
            {
                claims["id"] = Namespace;
            }

            // Read-write on every namespace is what sqld grants when "a" is absent; spell "a" out otherwise.
            if (Namespace is not null || Access != LibsqlTokenAccess.ReadWrite)
            {
                claims["a"] = Access == LibsqlTokenAccess.ReadOnly ? "ro" : "rw";
            }
        }

        return new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = (IssuedAt ?? now).UtcDateTime,
            NotBefore = NotBefore?.UtcDateTime,
            Expires = (ExpiresAt ?? (ExpiresIn is { } lifetime ? now + lifetime : null))?.UtcDateTime,
        };
    }
}
