using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>Builds batches the way the official client does (@libsql/client 0.18.0, <c>executeHranaBatch</c>) and reads their results.</summary>
internal static class LibsqlBatchBuilder
{
    public static string BeginSql(LibsqlTransactionMode mode) => mode switch
    {
        LibsqlTransactionMode.Write => "BEGIN IMMEDIATE",
        LibsqlTransactionMode.Read => "BEGIN TRANSACTION READONLY",
        LibsqlTransactionMode.Deferred => "BEGIN DEFERRED",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown transaction mode."),
    };

    /// <summary>
    /// BEGIN; each statement if the previous step succeeded (and, on Hrana 3, if a transaction is still open);
    /// COMMIT likewise; ROLLBACK unless COMMIT succeeded.
    /// </summary>
    public static HranaBatch Atomic(IReadOnlyList<HranaStatement> statements, LibsqlTransactionMode mode, bool useAutocommitCondition)
    {
        var steps = new List<HranaBatchStep>(statements.Count + 3)
        {
            new() { Stmt = new HranaStatement { Sql = BeginSql(mode), WantRows = false } },
        };
        foreach (var statement in statements)
        {
            steps.Add(new HranaBatchStep { Condition = AfterPrevious(steps.Count - 1, useAutocommitCondition), Stmt = statement });
        }

        var commitStep = steps.Count;
        steps.Add(new HranaBatchStep { Condition = AfterPrevious(commitStep - 1, useAutocommitCondition), Stmt = new HranaStatement { Sql = "COMMIT", WantRows = false } });
        steps.Add(new HranaBatchStep
        {
            Condition = new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = (uint)commitStep } },
            Stmt = new HranaStatement { Sql = "ROLLBACK", WantRows = false },
        });
        return new HranaBatch { Steps = steps };
    }

    /// <summary>The statements' results (steps 1..n); the first failing step's error as an exception.</summary>
    public static IReadOnlyList<LibsqlResultSet> AtomicResults(LibsqlClient client, HranaBatchResult result, IReadOnlyList<LibsqlStatement> statements)
    {
        if (Error(result, 0) is { } beginError)
        {
            throw client.Error(beginError, null);
        }

        var results = new LibsqlResultSet[statements.Count];
        for (var i = 0; i < statements.Count; i++)
        {
            var step = i + 1;
            if (Error(result, step) is { } error)
            {
                throw client.Error(error, statements[i].Sql);
            }

            if (step >= result.StepResults.Count || result.StepResults[step] is not { } stepResult)
            {
                throw new LibsqlException(
                    "The statement was not executed, probably because the transaction has been rolled back (TRANSACTION_CLOSED)",
                    LibsqlErrorKind.Sql,
                    "TRANSACTION_CLOSED");
            }

            results[i] = HranaResults.ToResultSet(stepResult);
        }

        if (Error(result, statements.Count + 1) is { } commitError)
        {
            throw client.Error(commitError, "COMMIT");
        }

        return results;
    }

    private static HranaError? Error(HranaBatchResult result, int step) =>
        step < result.StepErrors.Count ? result.StepErrors[step] : null;

    private static HranaBatchCondition AfterPrevious(int previous, bool useAutocommitCondition)
    {
        var ok = new HranaOkBatchCondition { Step = (uint)previous };
        return useAutocommitCondition
            ? new HranaAndBatchCondition { Conds = [ok, new HranaNotBatchCondition { Cond = new HranaIsAutocommitBatchCondition() }] }
            : ok;
    }
}
