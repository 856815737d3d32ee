namespace Libsql.Client.Hrana;

/// <summary>Conjunction of conditions (true when empty).</summary>
internal sealed class HranaAndBatchCondition : HranaBatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<HranaBatchCondition> Conds { get; set; } = [];
}
