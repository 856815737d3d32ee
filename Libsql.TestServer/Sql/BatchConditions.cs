using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>Evaluates batch step conditions as sqld's <c>eval_cond</c> (libsql-server connection/program.rs).</summary>
internal static class BatchConditions
{
    /// <summary>Whether a step with this condition runs, given which earlier steps succeeded.</summary>
    public static bool Evaluate(HranaBatchCondition condition, bool[] succeeded, bool isAutocommit) => condition switch
    {
        HranaOkBatchCondition ok => succeeded[ok.Step],

        // sqld evaluates `error` as "not ok", so a skipped step counts as failed.
        HranaErrorBatchCondition error => !succeeded[error.Step],
        HranaNotBatchCondition not => !Evaluate(not.Cond, succeeded, isAutocommit),
        HranaAndBatchCondition and => and.Conds.All(c => Evaluate(c, succeeded, isAutocommit)),
        HranaOrBatchCondition or => or.Conds.Any(c => Evaluate(c, succeeded, isAutocommit)),
        HranaIsAutocommitBatchCondition => isAutocommit,
        _ => throw new InvalidOperationException("Unknown batch condition."),
    };
}
