using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Body of <c>POST v2|v3/pipeline</c> (<c>PipelineReqBody</c>).</summary>
internal sealed class PipelineRequest
{
    /// <summary>The stream's baton; null opens a new stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>Requests run in order on the stream.</summary>
    public IReadOnlyList<StreamRequest> Requests { get; set; } = [];
}
