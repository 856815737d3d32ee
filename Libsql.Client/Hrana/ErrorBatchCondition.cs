namespace Libsql.Client.Hrana;

/// <summary>True when the given earlier step ran and failed.</summary>
internal sealed class HranaErrorBatchCondition : HranaBatchCondition
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }
}
