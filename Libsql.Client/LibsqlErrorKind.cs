namespace Libsql.Client;

/// <summary>What went wrong, coarse enough to branch on.</summary>
public enum LibsqlErrorKind
{
    /// <summary>The statement failed on the server (constraint, syntax, ...); see <see cref="LibsqlException.Code"/>.</summary>
    Sql,

    /// <summary>HTTP 401: no token, a bad signature, an expired token or one the server's key does not verify.</summary>
    Unauthorized,

    /// <summary>HTTP 403: the token is valid but does not allow this operation (e.g. a write with a read-only token).</summary>
    Forbidden,

    /// <summary>HTTP 404: the namespace does not exist, the token is scoped to another namespace, or the URL is not a sqld endpoint.</summary>
    NamespaceNotFound,

    /// <summary>The server dropped the stream (idle for too long, or restarted); an open transaction is lost.</summary>
    StreamExpired,

    /// <summary>The server rejected the request as malformed, or answered something this client cannot read.</summary>
    Protocol,

    /// <summary>The server could not be reached or the connection broke.</summary>
    Network,

    /// <summary>The server failed (HTTP 5xx) or is overloaded (HTTP 429).</summary>
    Server,

    /// <summary>The request took longer than the configured timeout.</summary>
    Timeout,

    /// <summary>
    /// A COMMIT or an atomic batch was sent but its response was lost (connection broke, timeout, cancellation):
    /// the server may or may not have committed. Never retried; check the data before repeating the work.
    /// </summary>
    OutcomeUnknown,
}
