namespace Libsql.Client.Hrana;

/// <summary>Conjunction of conditions (true when empty).</summary>
internal sealed class AndBatchCondition : BatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<BatchCondition> Conds { get; set; } = [];
}
