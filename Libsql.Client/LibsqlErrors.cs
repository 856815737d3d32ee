using System.Net;
using System.Text.Json;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>Builds <see cref="LibsqlException"/>s with messages that tell the caller what to check, never the token.</summary>
internal static class LibsqlErrors
{
    private const int MaxServerTextLength = 500;

    public static LibsqlException FromHrana(HranaError error, string? token, string? sql, bool includeSql)
    {
        var code = error.Code;
        var kind = code == "STREAM_EXPIRED" ? LibsqlErrorKind.StreamExpired : LibsqlErrorKind.Sql;
        var message = Redact(error.Message, token);
        if (code is not null)
        {
            message = $"{message} ({code})";
        }

        if (includeSql && sql is not null)
        {
            message = $"{message}{Environment.NewLine}Statement: {sql}";
        }

        return new LibsqlException(message, kind, code) { Statement = includeSql ? sql : null };
    }

    public static LibsqlException FromHttp(HttpStatusCode status, string? mediaType, byte[] body, string? token, string? @namespace)
    {
        var (serverText, code) = ReadBody(mediaType, body);
        serverText = Redact(serverText, token);
        var said = string.IsNullOrWhiteSpace(serverText) ? "" : $" The server said: {serverText}";
        var statusCode = (int)status;
        return statusCode switch
        {
            401 => new LibsqlException(
                $"The libSQL server rejected the credentials (401 Unauthorized).{said} Check that an AuthToken is configured" +
                (token is null ? " (none is set)" : "") +
                ", that it was signed by the private key whose public key the server trusts (SQLD_AUTH_JWT_KEY), that it has not expired and has no 'aud' claim.",
                LibsqlErrorKind.Unauthorized, code, statusCode),
            403 => new LibsqlException(
                $"The libSQL server refused the operation (403 Forbidden).{said} The token is valid but does not allow this: a read-only token (a=ro) cannot write, and a token's 'p' claim limits it to listed namespaces. Use a read-write token for this database.",
                LibsqlErrorKind.Forbidden, code, statusCode),
            404 => new LibsqlException(
                $"The libSQL server answered 404 Not Found{(@namespace is null ? "" : $" for namespace '{@namespace}'")}.{said} Check the Namespace setting (the namespace must exist; with namespaces enabled create it through the admin API first), that the token is scoped to this namespace, and that the Endpoint points at sqld.",
                LibsqlErrorKind.NamespaceNotFound, code, statusCode),
            400 when code == "STREAM_EXPIRED" => new LibsqlException(
                $"The libSQL stream expired: the server dropped it after it was idle too long (or the server restarted).{said} Any open transaction was rolled back.",
                LibsqlErrorKind.StreamExpired, code, statusCode),
            400 => new LibsqlException($"The libSQL server rejected the request as malformed (400).{said}", LibsqlErrorKind.Protocol, code, statusCode),
            429 => new LibsqlException($"The libSQL server is overloaded (429 Too Many Requests).{said}", LibsqlErrorKind.Server, code, statusCode),
            >= 500 => new LibsqlException($"The libSQL server failed ({statusCode} {status}).{said}", LibsqlErrorKind.Server, code, statusCode),
            _ => new LibsqlException($"The libSQL server answered an unexpected {statusCode} {status}.{said}", LibsqlErrorKind.Protocol, code, statusCode),
        };
    }

    public static LibsqlException Network(Uri endpoint, Exception inner) => new(
        $"Could not reach the libSQL server at {LibsqlEndpoint.Display(endpoint)}: {inner.Message}",
        LibsqlErrorKind.Network, innerException: inner);

    public static LibsqlException Timeout(Uri endpoint, TimeSpan timeout, Exception inner) => new(
        $"The libSQL request to {LibsqlEndpoint.Display(endpoint)} did not complete within {timeout.TotalSeconds:0.###} s (the Timeout setting).",
        LibsqlErrorKind.Timeout, innerException: inner);

    /// <summary>A request that waited in the client for a stream-open slot until its timeout: it was never sent.</summary>
    public static LibsqlException StreamOpenQueueTimeout(Uri endpoint, TimeSpan timeout, int limit, Exception inner) => new(
        $"The libSQL request to {LibsqlEndpoint.Display(endpoint)} waited {timeout.TotalSeconds:0.###} s (the Timeout setting) for one of the client's {limit} stream-open slots (MaxConcurrentStreamOpens) and was not sent. Raise MaxConcurrentStreamOpens or Timeout, or make fewer concurrent requests.",
        LibsqlErrorKind.Timeout, innerException: new TimeoutException("Not sent: no stream-open slot became free in time.", inner));

    /// <summary>
    /// Whether a failed request may still have run on the server: the connection broke or timed out after it was
    /// sent, the caller cancelled it in flight, or a proxy answered 502/504. A refused connection never reached it, nor did a
    /// request that timed out waiting for a stream-open slot.
    /// </summary>
    public static bool IsAmbiguous(Exception ex) => ex switch
    {
        OperationCanceledException => true,
        LibsqlException { Kind: LibsqlErrorKind.Timeout, InnerException: TimeoutException } => false,
        LibsqlException { Kind: LibsqlErrorKind.Timeout } => true,
        LibsqlException { Kind: LibsqlErrorKind.Network, InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => false,
        LibsqlException { Kind: LibsqlErrorKind.Network } => true,
        LibsqlException { Kind: LibsqlErrorKind.Server, HttpStatusCode: 502 or 504 } => true,
        _ => false,
    };

    public static LibsqlException OutcomeUnknown(string what, Exception inner) => new(
        $"The outcome of the {what} is unknown: the request was sent but its response was lost ({Describe(inner)}). The server may have committed it or rolled it back; check the data before repeating the work.",
        LibsqlErrorKind.OutcomeUnknown,
        innerException: inner);

    public static LibsqlException Protocol(string message, Exception? inner = null) => new(message, LibsqlErrorKind.Protocol, innerException: inner);

    public static string Redact(string text, string? token) =>
        string.IsNullOrEmpty(token) || string.IsNullOrEmpty(text) ? text : text.Replace(token, "***", StringComparison.Ordinal);

    private static (string Text, string? Code) ReadBody(string? mediaType, byte[] body)
    {
        if (body.Length == 0)
        {
            return ("", null);
        }

        if (body[0] == (byte)'{')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                foreach (var name in (ReadOnlySpan<string>)["error", "message"])
                {
                    if (root.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        return (Truncate(text.GetString() ?? ""), code);
                    }
                }
            }
            catch (JsonException)
            {
                // Per the spec a client must tolerate any error body; fall through to plain text.
            }
        }

        if (mediaType is not null && mediaType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var error = HranaProtobuf.DeserializeError(body);
                return (Truncate(error.Message), error.Code);
            }
            catch (HranaFormatException)
            {
                return ("", null);
            }
        }

        return (Truncate(System.Text.Encoding.UTF8.GetString(body).Trim()), null);
    }

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "the request was cancelled",
        LibsqlException { Kind: LibsqlErrorKind.Timeout } => "it timed out",
        LibsqlException { HttpStatusCode: { } status } => $"HTTP {status}",
        _ => "the connection broke",
    };

    private static string Truncate(string text) => text.Length <= MaxServerTextLength ? text : text[..MaxServerTextLength] + "…";
}
