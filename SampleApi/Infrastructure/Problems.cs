using Microsoft.AspNetCore.Http.HttpResults;

namespace SampleApi.Infrastructure;

/// <summary>The RFC 7807 answers the endpoints give, worded in one place.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string what, long id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: $"{what} not found",
        detail: $"There is no {what.ToLowerInvariant()} with id {id}.");

    public static ProblemHttpResult Conflict(string title, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: title,
        detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
