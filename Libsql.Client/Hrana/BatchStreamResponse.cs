namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaBatchStreamRequest"/>.</summary>
internal sealed class HranaBatchStreamResponse : HranaStreamResponse
{
    /// <summary>The batch result.</summary>
    public required HranaBatchResult Result { get; init; }
}
