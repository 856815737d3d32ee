using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>Body of <c>POST v3/cursor</c> (<c>CursorReqBody</c>).</summary>
internal sealed class HranaCursorRequest
{
    /// <summary>The stream's baton; null opens a new stream.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>The batch whose results are streamed.</summary>
    public required HranaBatch Batch { get; init; }
}
