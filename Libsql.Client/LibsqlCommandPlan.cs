using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// The Hrana batch one command (or one <see cref="LibsqlBatch"/>) runs as: each statement of each command text is a
/// step that runs only if the step before it succeeded, as Microsoft.Data.Sqlite stops at the first failing
/// statement. An atomic plan wraps the steps in BEGIN ... COMMIT (ROLLBACK unless COMMIT succeeded).
/// </summary>
internal sealed class LibsqlCommandPlan
{
    private LibsqlCommandPlan(List<HranaBatchStep> steps, List<LibsqlPlanStep?> info, bool atomic)
    {
        Steps = steps;
        Info = info;
        IsAtomic = atomic;
    }

    /// <summary>Whether the steps are wrapped in BEGIN ... COMMIT.</summary>
    public bool IsAtomic { get; }

    /// <summary>The COMMIT step of an atomic plan, else -1.</summary>
    public int CommitStep => IsAtomic ? Steps.Count - 2 : -1;

    /// <summary>The statements' text, for telemetry and errors when there is one.</summary>
    public string? SingleSql => StatementCount == 1 ? Info.First(i => i is not null)!.Sql : null;

    /// <summary>The batch steps, wrapper steps included.</summary>
    public List<HranaBatchStep> Steps { get; }

    /// <summary>Per step: the user statement it runs, or null for a BEGIN/COMMIT/ROLLBACK wrapper step.</summary>
    public List<LibsqlPlanStep?> Info { get; }

    /// <summary>The number of user statements.</summary>
    public int StatementCount => Info.Count(i => i is not null);

    /// <summary>True when the plan is a single statement with no wrapper.</summary>
    public bool IsSingleStatement => Steps.Count == 1;

    public HranaBatch ToBatch() => new() { Steps = Steps };

    /// <summary>Plans the statements of several command texts with their parameters.</summary>
    /// <param name="commands">Each command's text and parameters.</param>
    /// <param name="atomic">Wrap in BEGIN IMMEDIATE ... COMMIT.</param>
    /// <param name="autocommitGuard">Hrana 3 only: also require that a transaction is still open (inside an interactive transaction).</param>
    /// <param name="wantRows">False when the caller needs no rows (ExecuteNonQuery).</param>
    public static LibsqlCommandPlan Create(IReadOnlyList<(string Sql, IReadOnlyList<LibsqlParameter> Parameters)> commands, bool atomic, bool autocommitGuard, bool wantRows = true)
    {
        var steps = new List<HranaBatchStep>();
        var info = new List<LibsqlPlanStep?>();
        if (atomic)
        {
            steps.Add(new HranaBatchStep { Stmt = new HranaStatement { Sql = LibsqlBatchBuilder.BeginSql(LibsqlTransactionMode.Write), WantRows = false } });
            info.Add(null);
        }

        for (var command = 0; command < commands.Count; command++)
        {
            var (sql, parameters) = commands[command];
            if (string.IsNullOrWhiteSpace(sql))
            {
                throw new InvalidOperationException(commands.Count == 1 ? "CommandText is empty." : $"The CommandText of batch command {command} is empty.");
            }

            var statements = LibsqlSql.Split(sql);
            if (statements.Count == 0)
            {
                throw new InvalidOperationException($"CommandText has no SQL statement, only comments or semicolons: '{sql}'.");
            }

            var positional = Positional(parameters, statements);
            var next = 0;
            foreach (var statement in statements)
            {
                var stmt = new HranaStatement { Sql = statement.Sql, WantRows = wantRows ? null : false };
                if (positional is not null)
                {
                    stmt.Args = positional.AsSpan(next, Math.Min(statement.AnonymousParameters, positional.Length - next)).ToArray();
                    next += stmt.Args.Count;
                }
                else if (parameters.Count > 0)
                {
                    stmt.NamedArgs = Named(statement.Sql, parameters, statements.Count > 1);
                }

                HranaBatchCondition? condition = steps.Count == 0 ? null : new HranaOkBatchCondition { Step = (uint)(steps.Count - 1) };
                steps.Add(new HranaBatchStep { Condition = Guard(condition, autocommitGuard), Stmt = stmt });
                info.Add(new LibsqlPlanStep(command, statement.Sql, !LibsqlSql.IsReadOnly(statement.Sql)));
            }
        }

        if (atomic)
        {
            var commit = steps.Count;
            steps.Add(new HranaBatchStep
            {
                Condition = Guard(new HranaOkBatchCondition { Step = (uint)(commit - 1) }, autocommitGuard),
                Stmt = new HranaStatement { Sql = "COMMIT", WantRows = false },
            });
            info.Add(null);
            steps.Add(new HranaBatchStep
            {
                Condition = new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = (uint)commit } },
                Stmt = new HranaStatement { Sql = "ROLLBACK", WantRows = false },
            });
            info.Add(null);
        }

        return new LibsqlCommandPlan(steps, info, atomic);
    }

    private static HranaBatchCondition? Guard(HranaBatchCondition? condition, bool autocommitGuard)
    {
        if (!autocommitGuard)
        {
            return condition;
        }

        // Inside a transaction a statement must never run in autocommit mode: if SQLite ended the transaction on its
        // own (ON CONFLICT ROLLBACK, RAISE(ROLLBACK), a full disk), the step is skipped instead.
        var open = new HranaNotBatchCondition { Cond = new HranaIsAutocommitBatchCondition() };
        return condition is null ? open : new HranaAndBatchCondition { Conds = [condition, open] };
    }

    private static HranaValue[]? Positional(IReadOnlyList<LibsqlParameter> parameters, List<LibsqlSqlStatement> statements)
    {
        if (parameters.Count == 0)
        {
            return null;
        }

        var named = parameters.Count(p => p.ParameterName.Length > 0);
        if (named == parameters.Count)
        {
            return null;
        }

        if (named != 0)
        {
            throw new InvalidOperationException("A command's parameters must be either all named or all positional (unnamed).");
        }

        if (statements.Count > 1 && statements.Any(s => s.HasNumberedParameters))
        {
            throw new InvalidOperationException("Numbered parameters (?NNN) cannot be shared across several statements in one CommandText; name them (@name) instead.");
        }

        var values = new HranaValue[parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = LibsqlTypeMapper.ToHrana(parameters[i].Value);
        }

        // A single statement gets every value (the server reports a count mismatch); several statements take their
        // anonymous parameters in order.
        if (statements.Count > 1)
        {
            var needed = statements.Sum(s => s.AnonymousParameters);
            if (needed != values.Length)
            {
                throw new InvalidOperationException($"The CommandText's statements have {needed} anonymous (?) parameters in all, but the command has {values.Length} positional parameters.");
            }
        }
        else
        {
            statements[0] = statements[0] with { AnonymousParameters = values.Length };
        }

        return values;
    }

    private static List<HranaNamedArgument> Named(string sql, IReadOnlyList<LibsqlParameter> parameters, bool onlyUsed)
    {
        var args = new List<HranaNamedArgument>(parameters.Count);
        foreach (var parameter in parameters)
        {
            var name = LibsqlArguments.WithPrefix(sql, parameter.ParameterName);

            // Parameters are shared by the statements of one CommandText; each statement gets those it names.
            if (onlyUsed && !LibsqlArguments.Uses(sql, name))
            {
                continue;
            }

            args.Add(new HranaNamedArgument { Name = name, Value = LibsqlTypeMapper.ToHrana(parameter.Value) });
        }

        return args;
    }
}

/// <summary>A user statement in a <see cref="LibsqlCommandPlan"/>.</summary>
/// <param name="Command">Index of the command (in a <see cref="LibsqlBatch"/>) it belongs to.</param>
/// <param name="Sql">The statement.</param>
/// <param name="CountsChanges">Whether its changes count in RecordsAffected (not a SELECT/VALUES/EXPLAIN).</param>
internal sealed record LibsqlPlanStep(int Command, string Sql, bool CountsChanges);
