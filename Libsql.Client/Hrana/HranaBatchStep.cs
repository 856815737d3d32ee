namespace Libsql.Client.Hrana;

/// <summary>One batch step: a statement run only when its condition (if any) is true.</summary>
internal sealed class HranaBatchStep
{
    /// <summary>The condition; null means always run.</summary>
    public HranaBatchCondition? Condition { get; init; }

    /// <summary>The statement.</summary>
    public required HranaStatement Stmt { get; init; }
}
