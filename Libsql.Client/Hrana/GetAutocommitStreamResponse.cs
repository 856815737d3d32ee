namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaGetAutocommitStreamRequest"/>.</summary>
internal sealed class HranaGetAutocommitStreamResponse : HranaStreamResponse
{
    /// <summary>True outside an explicit transaction.</summary>
    public bool IsAutocommit { get; init; }
}
