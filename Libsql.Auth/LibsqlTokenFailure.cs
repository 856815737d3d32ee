namespace Libsql.Auth;

/// <summary>Why sqld would reject a request's credentials; each value has its own 401 text.</summary>
public enum LibsqlTokenFailure
{
    /// <summary>No failure: the token is valid.</summary>
    None,

    /// <summary>No <c>Authorization</c> header.</summary>
    MissingHeader,

    /// <summary>The header has no space between scheme and token.</summary>
    MalformedHeader,

    /// <summary>The scheme is not <c>Bearer</c> (compared case-insensitively).</summary>
    UnsupportedScheme,

    /// <summary>Bad structure, base64, JSON, claim shape, algorithm or signature.</summary>
    InvalidToken,

    /// <summary><c>exp</c> is more than 60 seconds in the past.</summary>
    Expired,

    /// <summary>Any other rejection; in practice a token that carries an <c>aud</c> claim.</summary>
    AuthenticationFailed,
}
