namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="BatchStreamRequest"/>.</summary>
internal sealed class BatchStreamResponse : StreamResponse
{
    /// <summary>The batch result.</summary>
    public required HranaBatchResult Result { get; init; }
}
