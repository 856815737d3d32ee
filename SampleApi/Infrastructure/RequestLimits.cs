namespace SampleApi.Infrastructure;

/// <summary>What a request body may be, and the words for the bodies refused before any endpoint runs.</summary>
internal static class RequestLimits
{
    /// <summary>
    /// The largest request body accepted: a note at its longest (10,000 characters, each sent as a six-byte
    /// <c>\uXXXX</c> escape) fits, anything much larger is refused before it is read.
    /// </summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Says what to fix on the 413 and 415 answers that the server and the parameter binder give with a status only
    /// (they reach the client through the status-code pages, with no detail of their own).
    /// </summary>
    public static void Explain(ProblemDetailsContext context)
    {
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than the {MaxBodyBytes / 1024} KiB this API accepts. Send a smaller body.",
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON, with the header Content-Type: application/json.",
            _ => null,
        };
    }
}
