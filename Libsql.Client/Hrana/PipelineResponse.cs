using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
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
