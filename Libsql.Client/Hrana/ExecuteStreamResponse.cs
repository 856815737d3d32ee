namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="ExecuteStreamRequest"/>.</summary>
internal sealed class ExecuteStreamResponse : StreamResponse
{
    /// <summary>The statement result.</summary>
    public required StmtResult Result { get; init; }
}
