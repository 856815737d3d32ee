namespace Libsql.Client.Hrana;

/// <summary>Negation of a condition.</summary>
internal sealed class HranaNotBatchCondition : HranaBatchCondition
{
    /// <summary>The negated condition.</summary>
    public required HranaBatchCondition Cond { get; init; }
}
