namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaExecuteStreamRequest"/>.</summary>
internal sealed class HranaExecuteStreamResponse : HranaStreamResponse
{
    /// <summary>The statement result.</summary>
    public required HranaStatementResult Result { get; init; }
}
