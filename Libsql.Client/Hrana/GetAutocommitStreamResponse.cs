namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="GetAutocommitStreamRequest"/>.</summary>
internal sealed class GetAutocommitStreamResponse : StreamResponse
{
    /// <summary>True outside an explicit transaction.</summary>
    public bool IsAutocommit { get; init; }
}
