using System.Data.Common;

namespace Libsql.Client;

/// <summary>
/// An error from libSQL or from talking to it. <see cref="Code"/> carries the server's code (e.g.
/// <c>SQLITE_CONSTRAINT</c>, <c>SQL_PARSE_ERROR</c>, <c>STREAM_EXPIRED</c>); <see cref="Kind"/> says which class of
/// failure it is. Messages never contain the auth token; the statement text is only attached when
/// <see cref="LibsqlClientOptions.IncludeStatementInErrors"/> is on.
/// </summary>
public class LibsqlException : DbException
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="kind">The class of failure.</param>
    /// <param name="code">The server's error code, if any.</param>
    /// <param name="httpStatusCode">The HTTP status, if the failure came with one.</param>
    /// <param name="innerException">The cause.</param>
    public LibsqlException(string message, LibsqlErrorKind kind, string? code = null, int? httpStatusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
        HttpStatusCode = httpStatusCode;
    }

    /// <summary>The server's error code ("SQLITE_CONSTRAINT", "SQL_PARSE_ERROR", "STREAM_EXPIRED", ...), or null.</summary>
    public string? Code { get; }

    /// <summary>The HTTP status code, when the failure was an HTTP-level one.</summary>
    public int? HttpStatusCode { get; }

    /// <summary>The class of failure.</summary>
    public LibsqlErrorKind Kind { get; }

    /// <summary>The failing statement's SQL, only when <see cref="LibsqlClientOptions.IncludeStatementInErrors"/> is on.</summary>
    public string? Statement { get; init; }

    /// <summary>True for <see cref="LibsqlErrorKind.Unauthorized"/>, <see cref="LibsqlErrorKind.Forbidden"/> and <see cref="LibsqlErrorKind.NamespaceNotFound"/>.</summary>
    public bool IsAuthError => Kind is LibsqlErrorKind.Unauthorized or LibsqlErrorKind.Forbidden or LibsqlErrorKind.NamespaceNotFound;

    /// <summary>Whether repeating the same request may succeed (network faults, 5xx/429, stream expiry, timeouts).</summary>
    public override bool IsTransient => Kind switch
    {
        LibsqlErrorKind.Network or LibsqlErrorKind.StreamExpired or LibsqlErrorKind.Timeout => true,
        LibsqlErrorKind.Server => HttpStatusCode is 429 or 502 or 503 or 504,
        LibsqlErrorKind.Sql => Code is "SQLITE_BUSY" or "SQLITE_LOCKED",
        _ => false,
    };

    /// <summary>The server's code, for ADO.NET consumers that inspect <see cref="DbException.SqlState"/>.</summary>
    public override string? SqlState => Code;
}
