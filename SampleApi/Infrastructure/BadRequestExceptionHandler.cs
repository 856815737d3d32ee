using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SampleApi.Infrastructure;

/// <summary>
/// Answers a request the endpoints could not read (malformed or mistyped JSON, a query value of the wrong type) with a
/// problem that says what to fix, in every environment. The parameter binder raises these as
/// <see cref="BadHttpRequestException"/> (RouteHandlerOptions.ThrowOnBadRequest); its message (the parameter, and for a
/// query value what was sent) and the JSON reader's (the JSON path and position) name the culprit.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "Unreadable request",
                Detail = badRequest.InnerException is JsonException json
                    ? $"{badRequest.Message} {json.Message} Send a JSON object with the documented fields and types."
                    : httpContext.Request.ContentLength == 0
                        // The binder's own words for this one ("Implicit body inferred ...") speak to the developer.
                        ? "The request body is empty. Send a JSON object with the documented fields."
                        : badRequest.Message,
            },
            Exception = exception,
        });
    }
}
