namespace Libsql.Client.Hrana;

/// <summary>True when the given earlier step ran and succeeded.</summary>
internal sealed class HranaOkBatchCondition : HranaBatchCondition
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }
}
