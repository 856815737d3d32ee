using Libsql.Auth.Internal;

namespace Libsql.Auth;

/// <summary>
/// The outcome of <see cref="LibsqlTokenValidator"/>: valid with an access level per namespace, or rejected with
/// sqld's exact 401 text. Nothing in it contains the token.
/// </summary>
public sealed class LibsqlTokenValidationResult
{
    private readonly TokenGrant? _grant;

    private LibsqlTokenValidationResult(TokenGrant? grant, LibsqlTokenFailure failure, string? failureDetail, DateTimeOffset? expiresAt)
    {
        _grant = grant;
        Failure = failure;
        FailureDetail = failureDetail;
        ExpiresAt = expiresAt;
    }

    /// <summary>True when sqld would accept the credentials.</summary>
    public bool IsValid => Failure == LibsqlTokenFailure.None;

    /// <summary>Why the credentials were rejected, or <see cref="LibsqlTokenFailure.None"/>.</summary>
    public LibsqlTokenFailure Failure { get; }

    /// <summary>
    /// sqld's 401 body text for the failure, e.g. <c>Unauthorized: `The JWT is invalid`</c>; null when valid. A server
    /// emulating sqld answers <c>401 {"error": FailureMessage}</c>.
    /// </summary>
    public string? FailureMessage => Failure switch
    {
        LibsqlTokenFailure.None => null,
        LibsqlTokenFailure.MissingHeader => Unauthorized("Expected authorization header but none given"),
        LibsqlTokenFailure.MalformedHeader => Unauthorized("Auth string does not conform to '<scheme> <token>' form"),
        LibsqlTokenFailure.UnsupportedScheme => Unauthorized("The authentication scheme in the `Authorization` HTTP header is not supported"),
        LibsqlTokenFailure.InvalidToken => Unauthorized("The JWT is invalid"),
        LibsqlTokenFailure.Expired => Unauthorized("The JWT has expired"),
        _ => Unauthorized("Authentication failed"),
    };

    /// <summary>
    /// A precise explanation for logs and humans (sqld does not send it), e.g. "the signature does not match any
    /// configured public key"; null when valid.
    /// </summary>
    public string? FailureDetail { get; }

    /// <summary>The token's <c>exp</c>, when it has one and is valid or expired.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>
    /// What the token allows on <paramref name="namespace"/> by sqld's rules: with a <c>p</c> claim only the namespaces
    /// it lists; otherwise <c>a</c> (default read-write) on the <c>id</c> namespace, or on every namespace without
    /// <c>id</c>. With namespaces disabled, sqld serves only <c>default</c>.
    /// </summary>
    /// <param name="namespace">The namespace name, e.g. "default".</param>
    /// <returns>The access level; <see cref="LibsqlAccessLevel.None"/> when the token is not valid.</returns>
    public LibsqlAccessLevel GetAccess(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return _grant?.GetAccess(@namespace) ?? LibsqlAccessLevel.None;
    }

    /// <summary>
    /// Whether the token may ATTACH <paramref name="namespace"/> into another database (sqld's <c>AttachRead</c>
    /// permission): listed under <c>roa</c> or <c>rwa</c> in the <c>p</c> claim, or a legacy <c>"a": "roa"</c> token
    /// for that namespace. The namespace must also allow it (its <c>allow_attach</c> config).
    /// </summary>
    /// <param name="namespace">The namespace to attach, e.g. "shared".</param>
    /// <returns>False when the token is not valid or lacks the permission.</returns>
    public bool CanAttach(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return _grant?.CanAttach(@namespace) ?? false;
    }

    /// <summary>Throws when the token is not valid, for callers that treat a bad token as a configuration error.</summary>
    /// <returns>This result, so that a call can be chained: <c>validator.ValidateToken(t).EnsureValid().GetAccess("default")</c>.</returns>
    /// <exception cref="LibsqlTokenException">The token is not valid; the message has sqld's text and the detail.</exception>
    public LibsqlTokenValidationResult EnsureValid() =>
        IsValid ? this : throw new LibsqlTokenException(Failure, ToString());

    /// <summary>A human summary: "valid" or the failure message and detail.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => IsValid ? "valid" : $"{FailureMessage} ({FailureDetail})";

    internal static LibsqlTokenValidationResult Valid(TokenGrant grant, DateTimeOffset? expiresAt) =>
        new(grant, LibsqlTokenFailure.None, null, expiresAt);

    internal static LibsqlTokenValidationResult Rejected(LibsqlTokenFailure failure, string detail, DateTimeOffset? expiresAt = null) =>
        new(null, failure, detail, expiresAt);

    private static string Unauthorized(string text) => $"Unauthorized: `{text}`";
}
