using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>First item of a cursor response (<c>CursorRespBody</c>).</summary>
internal sealed class HranaCursorResponse
{
    /// <summary>The next baton.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Baton { get; init; }

    /// <summary>Where to send later requests on this stream; null = same URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? BaseUrl { get; init; }
}
