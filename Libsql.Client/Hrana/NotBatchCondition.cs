namespace Libsql.Client.Hrana;

/// <summary>Negation of a condition.</summary>
internal sealed class NotBatchCondition : BatchCondition
{
    /// <summary>The negated condition.</summary>
    public required BatchCondition Cond { get; init; }
}
