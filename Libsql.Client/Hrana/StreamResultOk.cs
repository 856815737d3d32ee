namespace Libsql.Client.Hrana;

/// <summary>A request that succeeded.</summary>
internal sealed class HranaStreamResultOk : HranaStreamResult
{
    /// <summary>The response.</summary>
    public required HranaStreamResponse Response { get; init; }
}
