namespace Libsql.Client.Hrana;

/// <summary>Runs a batch.</summary>
internal sealed class HranaBatchStreamRequest : HranaStreamRequest
{
    /// <summary>The batch.</summary>
    public required HranaBatch Batch { get; init; }
}
