using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Response of <c>POST v2|v3/pipeline</c> (<c>PipelineRespBody</c>).</summary>
internal sealed class PipelineResponse
{
    /// <summary>The next baton; null once the stream is closed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>Where to send later requests on this stream; null = same URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? BaseUrl { get; init; }

    /// <summary>One result per request, in order.</summary>
    public IReadOnlyList<StreamResult> Results { get; set; } = [];
}
