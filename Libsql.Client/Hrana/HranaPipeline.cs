using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Body of <c>POST v2|v3/pipeline</c> (<c>PipelineReqBody</c>).</summary>
internal sealed class HranaPipelineRequest
{
    /// <summary>The stream's baton; null opens a new stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; set; }

    /// <summary>Requests run in order on the stream.</summary>
    public IReadOnlyList<HranaStreamRequest> Requests { get; set; } = [];
}

/// <summary>Response of <c>POST v2|v3/pipeline</c> (<c>PipelineRespBody</c>).</summary>
internal sealed class HranaPipelineResponse
{
    /// <summary>The next baton; null once the stream is closed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; set; }

    /// <summary>Where to send later requests on this stream; null = same URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? BaseUrl { get; set; }

    /// <summary>One result per request, in order.</summary>
    public IReadOnlyList<HranaStreamResult> Results { get; set; } = [];
}

/// <summary>The outcome of one pipeline request: <see cref="HranaStreamResultOk"/> or <see cref="HranaStreamResultError"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaStreamResultOk), "ok")]
[JsonDerivedType(typeof(HranaStreamResultError), "error")]
internal abstract class HranaStreamResult;

/// <summary>A request that succeeded.</summary>
internal sealed class HranaStreamResultOk : HranaStreamResult
{
    /// <summary>The response.</summary>
    public required HranaStreamResponse Response { get; init; }
}

/// <summary>A request that failed (SQL or request-level error; the HTTP status is still 200).</summary>
internal sealed class HranaStreamResultError : HranaStreamResult
{
    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}
