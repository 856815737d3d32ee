using System.Text;
using Libsql.Client.Hrana;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// Runs one pipeline request on a stream as sqld's hrana/http/request.rs does: statement-level failures become
/// error results, protocol errors and permission failures escape and fail the whole HTTP request.
/// </summary>
internal static class StreamRequestHandler
{
    private const int MaxStoredSqlCount = 50;
    private const int MaxStoredSqlBytes = 5_000; // bytesize::ByteSize::kb(5)

    public static HranaStreamResult Handle(HranaStream stream, HranaStreamRequest request, HranaVersion version, RequestContext context)
    {
        try
        {
            return new HranaStreamResultOk { Response = Run(stream, request, version, context) };
        }
        catch (StmtException e)
        {
            return new HranaStreamResultError { Error = e.ToHranaError() };
        }
    }

    /// <summary>Checks a batch the way sqld converts it to a program: SQL, arguments and conditions.</summary>
    public static List<BatchStepPlan> PlanBatch(HranaStream stream, HranaBatch batch, HranaVersion version)
    {
        var plan = new List<BatchStepPlan>(batch.Steps.Count);
        for (var i = 0; i < batch.Steps.Count; i++)
        {
            var step = batch.Steps[i];
            var sql = CheckStatement(stream, step.Stmt);
            if (step.Condition is not null)
            {
                CheckCondition(step.Condition, i, version);
            }

            plan.Add(new BatchStepPlan(sql, step.Stmt, step.Condition));
        }

        return plan;
    }

    private static HranaStreamResponse Run(HranaStream stream, HranaStreamRequest request, HranaVersion version, RequestContext context)
    {
        switch (request)
        {
            case HranaCloseStreamRequest:
                stream.Close();
                return new HranaCloseStreamResponse();
            case HranaExecuteStreamRequest execute:
            {
                var session = stream.Session;
                var sql = CheckStatement(stream, execute.Stmt);
                return new HranaExecuteStreamResponse { Result = session.ExecuteStatement(sql, execute.Stmt, context) };
            }

            case HranaBatchStreamRequest batch:
            {
                var session = stream.Session;
                var outcomes = session.ExecuteBatch(PlanBatch(stream, batch.Batch, version), context);
                return new HranaBatchStreamResponse
                {
                    Result = new HranaBatchResult
                    {
                        StepResults = outcomes.Select(o => o.Result).ToArray(),
                        StepErrors = outcomes.Select(o => o.Error).ToArray(),
                    },
                };
            }

            case HranaSequenceStreamRequest sequence:
            {
                var session = stream.Session;
                session.ExecuteSequence(ResolveSql(stream, sequence.Sql, sequence.SqlId), context);
                return new HranaSequenceStreamResponse();
            }

            case HranaDescribeStreamRequest describe:
            {
                var session = stream.Session;
                return new HranaDescribeStreamResponse { Result = session.Describe(ResolveSql(stream, describe.Sql, describe.SqlId)) };
            }

            case HranaStoreSqlStreamRequest store:
                if (stream.StoredSql.ContainsKey(store.SqlId))
                {
                    throw ProtocolException.SqlExists(store.SqlId);
                }

                if (stream.StoredSql.Count >= MaxStoredSqlCount)
                {
                    throw StmtException.SqlStoreTooMany(stream.StoredSql.Count);
                }

                var size = Encoding.UTF8.GetByteCount(store.Sql);
                if (size > MaxStoredSqlBytes)
                {
                    throw StmtException.SqlStoreTooLarge(size);
                }

                stream.StoredSql[store.SqlId] = store.Sql;
                return new HranaStoreSqlStreamResponse();
            case HranaCloseSqlStreamRequest closeSql:
                stream.StoredSql.Remove(closeSql.SqlId);
                return new HranaCloseSqlStreamResponse();
            case HranaGetAutocommitStreamRequest:
                if (version < HranaVersion.V3)
                {
                    throw ProtocolException.NotSupported("The `get_autocommit` request");
                }

                return new HranaGetAutocommitStreamResponse { IsAutocommit = stream.Session.IsAutocommit };
            default:
                throw new ProtocolException("StreamRequest type not recognized");
        }
    }

    private static ClassifiedStatement CheckStatement(HranaStream stream, HranaStatement stmt)
    {
        var sql = stream.Session.CheckSingleStatement(ResolveSql(stream, stmt.Sql, stmt.SqlId));
        if (stmt.Args.Count > 0 && stmt.NamedArgs.Count > 0)
        {
            throw StmtException.ArgsBoth();
        }

        return sql;
    }

    private static string ResolveSql(HranaStream stream, string? sql, int? sqlId) => (sql, sqlId) switch
    {
        ({ } text, null) => text,
        (null, { } id) => stream.StoredSql.TryGetValue(id, out var stored) ? stored : throw ProtocolException.SqlNotFound(id),
        (not null, not null) => throw ProtocolException.SqlIdAndSqlGiven(),
        _ => throw ProtocolException.SqlIdOrSqlNotGiven(),
    };

    private static void CheckCondition(HranaBatchCondition condition, int stepIndex, HranaVersion version)
    {
        switch (condition)
        {
            case HranaOkBatchCondition ok when ok.Step >= stepIndex:
            case HranaErrorBatchCondition error when error.Step >= stepIndex:
                throw ProtocolException.BatchCondBadStep();
            case HranaNotBatchCondition not:
                CheckCondition(not.Cond, stepIndex, version);
                break;
            case HranaAndBatchCondition and:
                and.Conds.ToList().ForEach(c => CheckCondition(c, stepIndex, version));
                break;
            case HranaOrBatchCondition or:
                or.Conds.ToList().ForEach(c => CheckCondition(c, stepIndex, version));
                break;
            case HranaIsAutocommitBatchCondition when version < HranaVersion.V3:
                throw ProtocolException.NotSupported("BatchCond of type `is_autocommit`");
        }
    }
}
