namespace Libsql.Client.Hrana;

/// <summary>Disjunction of conditions (false when empty).</summary>
internal sealed class OrBatchCondition : BatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<BatchCondition> Conds { get; set; } = [];
}
