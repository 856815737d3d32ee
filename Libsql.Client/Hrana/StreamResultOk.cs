namespace Libsql.Client.Hrana;

/// <summary>A request that succeeded.</summary>
internal sealed class StreamResultOk : StreamResult
{
    /// <summary>The response.</summary>
    public required StreamResponse Response { get; init; }
}
