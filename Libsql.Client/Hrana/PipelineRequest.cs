using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

// Settable members, not init: an init-only member sends System.Text.Json's source-generated reader down its constructor
// path, which skips the large settable members (rows, results, args) and reads them a second time.
/// <summary>Body of <c>POST v2|v3/pipeline</c> (<c>PipelineReqBody</c>).</summary>
internal sealed class HranaPipelineRequest
{
    /// <summary>The stream's baton; null opens a new stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; set; }

    /// <summary>Requests run in order on the stream.</summary>
    public IReadOnlyList<HranaStreamRequest> Requests { get; set; } = [];
}
