using Google.Protobuf;
using Wire = Libsql.Client.Hrana.Protobuf;

namespace Libsql.Client.Hrana;

/// <summary>
/// Maps the client's side of the Hrana model to and from the classes generated from <c>hrana.proto</c>: the requests it
/// sends and the responses it reads. The server's side (requests read, responses written) lives in the test server, so
/// it does not ship in this package; values map the same way in both directions and are shared.
/// </summary>
internal static class HranaProtobufMapper
{
    public static Wire.PipelineReqBody ToProto(HranaPipelineRequest value)
    {
        var body = new Wire.PipelineReqBody();
        if (value.Baton is not null)
        {
            body.Baton = value.Baton;
        }

        foreach (var request in value.Requests)
        {
            body.Requests.Add(ToProto(request));
        }

        return body;
    }

    public static HranaPipelineResponse FromProto(Wire.PipelineRespBody body) => new()
    {
        Baton = body.HasBaton ? body.Baton : null,
        BaseUrl = body.HasBaseUrl ? body.BaseUrl : null,
        Results = body.Results.Select(r => r.ResultCase switch
        {
            Wire.StreamResult.ResultOneofCase.Ok => (HranaStreamResult)new HranaStreamResultOk { Response = FromProto(r.Ok) },
            Wire.StreamResult.ResultOneofCase.Error => new HranaStreamResultError { Error = FromProto(r.Error) },
            _ => throw new HranaFormatException("A Protobuf StreamResult has neither ok nor error."),
        }).ToArray(),
    };

    public static Wire.CursorReqBody ToProto(HranaCursorRequest value)
    {
        var body = new Wire.CursorReqBody { Batch = ToProto(value.Batch) };
        if (value.Baton is not null)
        {
            body.Baton = value.Baton;
        }

        return body;
    }

    public static HranaCursorResponse FromProto(Wire.CursorRespBody body) => new()
    {
        Baton = body.HasBaton ? body.Baton : null,
        BaseUrl = body.HasBaseUrl ? body.BaseUrl : null,
    };

    public static HranaCursorEntry FromProto(Wire.CursorEntry entry) => entry.EntryCase switch
    {
        Wire.CursorEntry.EntryOneofCase.StepBegin => new HranaStepBeginEntry
        {
            Step = entry.StepBegin.Step,
            Cols = entry.StepBegin.Cols.Select(FromProto).ToArray(),
        },
        Wire.CursorEntry.EntryOneofCase.StepEnd => new HranaStepEndEntry
        {
            AffectedRowCount = (long)entry.StepEnd.AffectedRowCount,
            LastInsertRowid = entry.StepEnd.HasLastInsertRowid ? entry.StepEnd.LastInsertRowid : null,
        },
        Wire.CursorEntry.EntryOneofCase.StepError => new HranaStepErrorEntry
        {
            Step = entry.StepError.Step,
            Error = FromProto(entry.StepError.Error ?? new Wire.Error()),
        },
        Wire.CursorEntry.EntryOneofCase.Row => new HranaRowEntry { Row = FromProtoRow(entry.Row) },
        Wire.CursorEntry.EntryOneofCase.Error => new HranaErrorEntry { Error = FromProto(entry.Error) },
        Wire.CursorEntry.EntryOneofCase.ReplicationIndex => new HranaReplicationIndexEntry { ReplicationIndex = entry.ReplicationIndex },
        _ => new HranaReplicationIndexEntry(),
    };

    public static HranaError FromProto(Wire.Error error) => new()
    {
        Message = error.Message,
        Code = error.HasCode ? error.Code : null,
    };

    private static Wire.StreamRequest ToProto(HranaStreamRequest request)
    {
        switch (request)
        {
            case HranaCloseStreamRequest:
                return new Wire.StreamRequest { Close = new Wire.CloseStreamReq() };
            case HranaExecuteStreamRequest execute:
                return new Wire.StreamRequest { Execute = new Wire.ExecuteStreamReq { Stmt = ToProto(execute.Stmt) } };
            case HranaBatchStreamRequest batch:
                return new Wire.StreamRequest { Batch = new Wire.BatchStreamReq { Batch = ToProto(batch.Batch) } };
            case HranaSequenceStreamRequest sequence:
                var protoSequence = new Wire.SequenceStreamReq();
                if (sequence.Sql is not null)
                {
                    protoSequence.Sql = sequence.Sql;
                }

                if (sequence.SqlId is { } sequenceSqlId)
                {
                    protoSequence.SqlId = sequenceSqlId;
                }

                if (sequence.ReplicationIndex is { } sequenceIndex)
                {
                    protoSequence.ReplicationIndex = sequenceIndex;
                }

                return new Wire.StreamRequest { Sequence = protoSequence };
            case HranaDescribeStreamRequest describe:
                var protoDescribe = new Wire.DescribeStreamReq();
                if (describe.Sql is not null)
                {
                    protoDescribe.Sql = describe.Sql;
                }

                if (describe.SqlId is { } describeSqlId)
                {
                    protoDescribe.SqlId = describeSqlId;
                }

                if (describe.ReplicationIndex is { } describeIndex)
                {
                    protoDescribe.ReplicationIndex = describeIndex;
                }

                return new Wire.StreamRequest { Describe = protoDescribe };
            case HranaStoreSqlStreamRequest store:
                return new Wire.StreamRequest { StoreSql = new Wire.StoreSqlStreamReq { SqlId = store.SqlId, Sql = store.Sql } };
            case HranaCloseSqlStreamRequest closeSql:
                return new Wire.StreamRequest { CloseSql = new Wire.CloseSqlStreamReq { SqlId = closeSql.SqlId } };
            case HranaGetAutocommitStreamRequest:
                return new Wire.StreamRequest { GetAutocommit = new Wire.GetAutocommitStreamReq() };
            default:
                throw Unknown(request);
        }
    }

    private static HranaStreamResponse FromProto(Wire.StreamResponse response) => response.ResponseCase switch
    {
        Wire.StreamResponse.ResponseOneofCase.Close => new HranaCloseStreamResponse(),
        Wire.StreamResponse.ResponseOneofCase.Execute => new HranaExecuteStreamResponse { Result = FromProto(response.Execute.Result ?? new Wire.StmtResult()) },
        Wire.StreamResponse.ResponseOneofCase.Batch => new HranaBatchStreamResponse { Result = FromProto(response.Batch.Result ?? new Wire.BatchResult()) },
        Wire.StreamResponse.ResponseOneofCase.Sequence => new HranaSequenceStreamResponse(),
        Wire.StreamResponse.ResponseOneofCase.Describe => new HranaDescribeStreamResponse { Result = FromProto(response.Describe.Result ?? new Wire.DescribeResult()) },
        Wire.StreamResponse.ResponseOneofCase.StoreSql => new HranaStoreSqlStreamResponse(),
        Wire.StreamResponse.ResponseOneofCase.CloseSql => new HranaCloseSqlStreamResponse(),
        Wire.StreamResponse.ResponseOneofCase.GetAutocommit => new HranaGetAutocommitStreamResponse { IsAutocommit = response.GetAutocommit.IsAutocommit },
        _ => throw new HranaFormatException("A Protobuf StreamResponse has no known response type."),
    };

    private static Wire.Stmt ToProto(HranaStatement stmt)
    {
        var proto = new Wire.Stmt();
        if (stmt.Sql is not null)
        {
            proto.Sql = stmt.Sql;
        }

        if (stmt.SqlId is { } sqlId)
        {
            proto.SqlId = sqlId;
        }

        foreach (var arg in stmt.Args)
        {
            proto.Args.Add(ToProto(arg));
        }

        foreach (var arg in stmt.NamedArgs)
        {
            proto.NamedArgs.Add(new Wire.NamedArg { Name = arg.Name, Value = ToProto(arg.Value) });
        }

        if (stmt.WantRows is { } wantRows)
        {
            proto.WantRows = wantRows;
        }

        if (stmt.ReplicationIndex is { } index)
        {
            proto.ReplicationIndex = index;
        }

        return proto;
    }

    private static Wire.Batch ToProto(HranaBatch batch)
    {
        var proto = new Wire.Batch();
        foreach (var step in batch.Steps)
        {
            var protoStep = new Wire.BatchStep { Stmt = ToProto(step.Stmt) };
            if (step.Condition is not null)
            {
                protoStep.Condition = ToProto(step.Condition);
            }

            proto.Steps.Add(protoStep);
        }

        if (batch.ReplicationIndex is { } index)
        {
            proto.ReplicationIndex = index;
        }

        return proto;
    }

    private static Wire.BatchCond ToProto(HranaBatchCondition condition)
    {
        switch (condition)
        {
            case HranaOkBatchCondition ok:
                return new Wire.BatchCond { StepOk = ok.Step };
            case HranaErrorBatchCondition error:
                return new Wire.BatchCond { StepError = error.Step };
            case HranaNotBatchCondition not:
                return new Wire.BatchCond { Not = ToProto(not.Cond) };
            case HranaAndBatchCondition and:
                var andList = new Wire.BatchCond.Types.CondList();
                andList.Conds.AddRange(and.Conds.Select(ToProto));
                return new Wire.BatchCond { And = andList };
            case HranaOrBatchCondition or:
                var orList = new Wire.BatchCond.Types.CondList();
                orList.Conds.AddRange(or.Conds.Select(ToProto));
                return new Wire.BatchCond { Or = orList };
            case HranaIsAutocommitBatchCondition:
                return new Wire.BatchCond { IsAutocommit = new Wire.BatchCond.Types.IsAutocommit() };
            default:
                throw Unknown(condition);
        }
    }

    private static HranaStatementResult FromProto(Wire.StmtResult result) => new()
    {
        Cols = result.Cols.Select(FromProto).ToArray(),
        Rows = result.Rows.Select(FromProtoRow).ToArray(),
        AffectedRowCount = (long)result.AffectedRowCount,
        LastInsertRowid = result.HasLastInsertRowid ? result.LastInsertRowid : null,
        ReplicationIndex = result.HasReplicationIndex ? result.ReplicationIndex : null,
        RowsRead = (long)result.RowsRead,
        RowsWritten = (long)result.RowsWritten,
        QueryDurationMs = result.QueryDurationMs,
    };

    private static HranaBatchResult FromProto(Wire.BatchResult result)
    {
        var count = 0;
        foreach (var key in result.StepResults.Keys.Concat(result.StepErrors.Keys))
        {
            count = Math.Max(count, checked((int)key + 1));
        }

        var results = new HranaStatementResult?[count];
        var errors = new HranaError?[count];
        foreach (var (key, value) in result.StepResults)
        {
            results[key] = FromProto(value);
        }

        foreach (var (key, value) in result.StepErrors)
        {
            errors[key] = FromProto(value);
        }

        return new HranaBatchResult { StepResults = results, StepErrors = errors };
    }

    private static HranaDescribeResult FromProto(Wire.DescribeResult result) => new()
    {
        Params = result.Params.Select(p => new HranaDescribeParameter { Name = p.HasName ? p.Name : null }).ToArray(),
        Cols = result.Cols.Select(c => new HranaDescribeColumn { Name = c.Name, Decltype = c.HasDecltype ? c.Decltype : null }).ToArray(),
        IsExplain = result.IsExplain,
        IsReadonly = result.IsReadonly,
    };

    private static HranaColumn FromProto(Wire.Col column) => new()
    {
        Name = column.HasName ? column.Name : null,
        Decltype = column.HasDecltype ? column.Decltype : null,
    };

    private static HranaValue[] FromProtoRow(Wire.Row row)
    {
        var values = new HranaValue[row.Values.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = FromProto(row.Values[i]);
        }

        return values;
    }

    public static Wire.Value ToProto(HranaValue value) => value.Type switch
    {
        HranaValueType.Null => new Wire.Value { Null = new Wire.Value.Types.Null() },
        HranaValueType.Integer => new Wire.Value { Integer = value.Integer },
        HranaValueType.Float => new Wire.Value { Float = value.Float },
        HranaValueType.Text => new Wire.Value { Text = value.Text },
        _ => new Wire.Value { Blob = ByteString.CopyFrom(value.Blob) },
    };

    public static HranaValue FromProto(Wire.Value value) => value.ValueCase switch
    {
        Wire.Value.ValueOneofCase.Null => HranaValue.Null,
        Wire.Value.ValueOneofCase.Integer => HranaValue.FromInteger(value.Integer),
        Wire.Value.ValueOneofCase.Float => HranaValue.FromFloat(value.Float),
        Wire.Value.ValueOneofCase.Text => HranaValue.FromText(value.Text),
        Wire.Value.ValueOneofCase.Blob => HranaValue.FromBlob(value.Blob.ToByteArray()),
        _ => throw new HranaFormatException("A Protobuf Value has no known value type."),
    };

    public static NotSupportedException Unknown(object value) =>
        new($"{value.GetType().Name} has no Protobuf mapping.");
}
