using Microsoft.Extensions.Logging;

namespace Libsql.Client;

/// <summary>The client's log messages. None of them carries the token or argument values.</summary>
internal static partial class LibsqlLog
{
    [LoggerMessage(1, LogLevel.Debug, "libSQL endpoint {Endpoint} speaks {Protocol}")]
    public static partial void ProtocolChosen(ILogger logger, string endpoint, LibsqlProtocol protocol);

    [LoggerMessage(2, LogLevel.Warning, "libSQL {Operation} failed with {ErrorKind} {ErrorCode}; retry {Attempt} of a read-only statement in {Delay} ms")]
    public static partial void Retrying(ILogger logger, string operation, LibsqlErrorKind errorKind, string? errorCode, int attempt, double delay);

    [LoggerMessage(3, LogLevel.Debug, "libSQL {Operation} failed: {ErrorKind} {ErrorCode}")]
    public static partial void OperationFailed(ILogger logger, string operation, LibsqlErrorKind errorKind, string? errorCode);

    [LoggerMessage(4, LogLevel.Warning, "Rolling back an abandoned libSQL transaction failed: {ErrorKind} {ErrorCode}")]
    public static partial void RollbackOnDisposeFailed(ILogger logger, LibsqlErrorKind errorKind, string? errorCode);

    [LoggerMessage(5, LogLevel.Warning, "The libSQL server at {Endpoint} sent a base_url outside the endpoint's origin (another host or port, or http under https); it is not followed")]
    public static partial void BaseUrlIgnored(ILogger logger, string endpoint);
}
