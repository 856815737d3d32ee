namespace Libsql.Client.Hrana;

/// <summary>Disjunction of conditions (false when empty).</summary>
internal sealed class HranaOrBatchCondition : HranaBatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<HranaBatchCondition> Conds { get; set; } = [];
}
