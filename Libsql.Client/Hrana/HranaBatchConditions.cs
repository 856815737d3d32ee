using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>A batch step condition (<c>BatchCond</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HranaOkBatchCondition), "ok")]
[JsonDerivedType(typeof(HranaErrorBatchCondition), "error")]
[JsonDerivedType(typeof(HranaNotBatchCondition), "not")]
[JsonDerivedType(typeof(HranaAndBatchCondition), "and")]
[JsonDerivedType(typeof(HranaOrBatchCondition), "or")]
[JsonDerivedType(typeof(HranaIsAutocommitBatchCondition), "is_autocommit")]
internal abstract class HranaBatchCondition;

/// <summary>True when the given earlier step ran and succeeded.</summary>
internal sealed class HranaOkBatchCondition : HranaBatchCondition
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }
}

/// <summary>True when the given earlier step ran and failed.</summary>
internal sealed class HranaErrorBatchCondition : HranaBatchCondition
{
    /// <summary>0-based step index.</summary>
    public uint Step { get; init; }
}

/// <summary>Negation of a condition.</summary>
internal sealed class HranaNotBatchCondition : HranaBatchCondition
{
    /// <summary>The negated condition.</summary>
    public required HranaBatchCondition Cond { get; init; }
}

/// <summary>Conjunction of conditions (true when empty).</summary>
internal sealed class HranaAndBatchCondition : HranaBatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<HranaBatchCondition> Conds { get; set; } = [];
}

/// <summary>Disjunction of conditions (false when empty).</summary>
internal sealed class HranaOrBatchCondition : HranaBatchCondition
{
    /// <summary>The conditions.</summary>
    public IReadOnlyList<HranaBatchCondition> Conds { get; set; } = [];
}

/// <summary>True when the stream is outside an explicit transaction (Hrana 3).</summary>
internal sealed class HranaIsAutocommitBatchCondition : HranaBatchCondition;
