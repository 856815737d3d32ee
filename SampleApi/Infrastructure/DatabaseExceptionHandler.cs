using Libsql.Client;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SampleApi.Infrastructure;

/// <summary>
/// Turns the libSQL client's typed errors that escape an endpoint into problem details: a read-only token or an
/// unreachable database (refused connection, timeout, a 5xx or 429 from sqld, a commit whose answer was lost) is the
/// service's condition, not the caller's mistake, so both answer 503 with a plain explanation, and an unreachable
/// database with Retry-After. SQL errors other than constraint violations and protocol errors are bugs: they stay 500.
/// </summary>
internal sealed partial class DatabaseExceptionHandler(IProblemDetailsService problemDetails, ILogger<DatabaseExceptionHandler> logger)
    : IExceptionHandler
{
    private const string UnavailableTitle = "Database unavailable";

    /// <summary>What a 503 for an unreachable database asks clients to wait: about as long as sqld takes to restart.</summary>
    private const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not LibsqlException error)
        {
            return false;
        }

        var problem = error switch
        {
            { Kind: LibsqlErrorKind.Forbidden } => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Read-only database",
                Detail = "This instance holds a read-only database token, so it can serve reads but not writes. " +
                         "Send writes to an instance with a read-write token.",
            },
            { Kind: LibsqlErrorKind.Unauthorized or LibsqlErrorKind.NamespaceNotFound } => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database access refused",
                Detail = "The database refused this service's credentials. Check its connection string and token.",
            },
            { Kind: LibsqlErrorKind.Sql, Code: "SQLITE_CONSTRAINT" } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "The change conflicts with the current data.",
            },
            { Kind: LibsqlErrorKind.OutcomeUnknown } => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = UnavailableTitle,
                Detail = "The connection to the database broke while the change was being committed, so it may or may " +
                         "not have been saved. Read the data before repeating the change.",
            },
            { IsTransient: true } or { Kind: LibsqlErrorKind.Server } => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = UnavailableTitle,
                Detail = "The database did not answer in time or is unreachable. Try again shortly.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Database error",
                Detail = "The database rejected the request. The service log has the details.",
            },
        };

        // Handled exceptions are not logged by the middleware, so say here what happened; the client's exception
        // messages carry no secrets, only sqld's error text and code.
        LogDatabaseError(logger, problem.Status!.Value, error.Kind, error.Code, error);
        httpContext.Response.StatusCode = problem.Status.Value;
        if (problem.Title == UnavailableTitle)
        {
            // A passing condition (a restart, a network blip): tell clients and proxies when to come back.
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database error answered with {Status}: {Kind} {Code}")]
    private static partial void LogDatabaseError(ILogger logger, int status, LibsqlErrorKind kind, string? code, Exception exception);
}
