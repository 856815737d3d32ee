using Google.Protobuf;
using Libsql.Client.Hrana;
using Wire = Libsql.Client.Hrana.Protobuf;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// The server's side of the Hrana Protobuf encoding (<c>/v3-protobuf</c>): decodes the requests a client sends and
/// encodes the responses it reads. Cursor responses are length-delimited messages: one <see cref="HranaCursorResponse"/>
/// then any number of <see cref="HranaCursorEntry"/>. The client's side is <see cref="HranaProtobuf"/> in Libsql.Client,
/// and the value mapping both sides share is its <see cref="HranaProtobufMapper"/>.
/// </summary>
internal static class HranaServerProtobuf
{
    /// <summary>Decodes a pipeline request body.</summary>
    public static HranaPipelineRequest DeserializePipelineRequest(ReadOnlySpan<byte> data) =>
        HranaProtobuf.Decode(data, Wire.PipelineReqBody.Parser, FromProto);

    /// <summary>Decodes a cursor request body.</summary>
    public static HranaCursorRequest DeserializeCursorRequest(ReadOnlySpan<byte> data) =>
        HranaProtobuf.Decode(data, Wire.CursorReqBody.Parser, FromProto);

    /// <summary>Encodes a pipeline response body.</summary>
    public static byte[] Serialize(HranaPipelineResponse value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ToProto(value).ToByteArray();
    }

    /// <summary>Encodes an error (the body of sqld's STREAM_EXPIRED 400, and of a failed cursor request).</summary>
    public static byte[] Serialize(HranaError value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ToProto(value).ToByteArray();
    }

    /// <summary>Encodes the first item of a cursor response with its length prefix.</summary>
    public static byte[] SerializeDelimited(HranaCursorResponse value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Delimited(ToProto(value));
    }

    /// <summary>Encodes one cursor entry with its length prefix.</summary>
    public static byte[] SerializeDelimited(HranaCursorEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Delimited(ToProto(value));
    }

    private static byte[] Delimited(IMessage message)
    {
        var size = message.CalculateSize();
        var buffer = new byte[CodedOutputStream.ComputeLengthSize(size) + size];
        var output = new CodedOutputStream(buffer);
        output.WriteLength(size);
        message.WriteTo(output);
        output.CheckNoSpaceLeft();
        return buffer;
    }

    private static HranaPipelineRequest FromProto(Wire.PipelineReqBody body) => new()
    {
        Baton = body.HasBaton ? body.Baton : null,
        Requests = body.Requests.Select(FromProto).ToArray(),
    };

    private static Wire.PipelineRespBody ToProto(HranaPipelineResponse value)
    {
        var body = new Wire.PipelineRespBody();
        if (value.Baton is not null)
        {
            body.Baton = value.Baton;
        }

        if (value.BaseUrl is not null)
        {
            body.BaseUrl = value.BaseUrl;
        }

        foreach (var result in value.Results)
        {
            body.Results.Add(result switch
            {
                HranaStreamResultOk ok => new Wire.StreamResult { Ok = ToProto(ok.Response) },
                HranaStreamResultError error => new Wire.StreamResult { Error = ToProto(error.Error) },
                _ => throw HranaProtobufMapper.Unknown(result),
            });
        }

        return body;
    }

    private static HranaCursorRequest FromProto(Wire.CursorReqBody body) => new()
    {
        Baton = body.HasBaton ? body.Baton : null,
        Batch = FromProto(body.Batch ?? new Wire.Batch()),
    };

    private static Wire.CursorRespBody ToProto(HranaCursorResponse value)
    {
        var body = new Wire.CursorRespBody();
        if (value.Baton is not null)
        {
            body.Baton = value.Baton;
        }

        if (value.BaseUrl is not null)
        {
            body.BaseUrl = value.BaseUrl;
        }

        return body;
    }

    private static Wire.CursorEntry ToProto(HranaCursorEntry value)
    {
        switch (value)
        {
            case HranaStepBeginEntry begin:
                var protoBegin = new Wire.StepBeginEntry { Step = begin.Step };
                protoBegin.Cols.AddRange(begin.Cols.Select(ToProto));
                return new Wire.CursorEntry { StepBegin = protoBegin };
            case HranaStepEndEntry end:
                var protoEnd = new Wire.StepEndEntry { AffectedRowCount = (ulong)end.AffectedRowCount };
                if (end.LastInsertRowid is { } rowid)
                {
                    protoEnd.LastInsertRowid = rowid;
                }

                return new Wire.CursorEntry { StepEnd = protoEnd };
            case HranaStepErrorEntry stepError:
                return new Wire.CursorEntry { StepError = new Wire.StepErrorEntry { Step = stepError.Step, Error = ToProto(stepError.Error) } };
            case HranaRowEntry row:
                return new Wire.CursorEntry { Row = ToProtoRow(row.Row) };
            case HranaErrorEntry error:
                return new Wire.CursorEntry { Error = ToProto(error.Error) };
            case HranaReplicationIndexEntry replication:
                var entry = new Wire.CursorEntry();
                if (replication.ReplicationIndex is { } index)
                {
                    entry.ReplicationIndex = index;
                }

                return entry;
            default:
                throw HranaProtobufMapper.Unknown(value);
        }
    }

    private static Wire.Error ToProto(HranaError value)
    {
        var error = new Wire.Error { Message = value.Message };
        if (value.Code is not null)
        {
            error.Code = value.Code;
        }

        return error;
    }

    private static HranaStreamRequest FromProto(Wire.StreamRequest request) => request.RequestCase switch
    {
        Wire.StreamRequest.RequestOneofCase.Close => new HranaCloseStreamRequest(),
        Wire.StreamRequest.RequestOneofCase.Execute => new HranaExecuteStreamRequest { Stmt = FromProto(request.Execute.Stmt ?? new Wire.Stmt()) },
        Wire.StreamRequest.RequestOneofCase.Batch => new HranaBatchStreamRequest { Batch = FromProto(request.Batch.Batch ?? new Wire.Batch()) },
        Wire.StreamRequest.RequestOneofCase.Sequence => new HranaSequenceStreamRequest
        {
            Sql = request.Sequence.HasSql ? request.Sequence.Sql : null,
            SqlId = request.Sequence.HasSqlId ? request.Sequence.SqlId : null,
            ReplicationIndex = request.Sequence.HasReplicationIndex ? request.Sequence.ReplicationIndex : null,
        },
        Wire.StreamRequest.RequestOneofCase.Describe => new HranaDescribeStreamRequest
        {
            Sql = request.Describe.HasSql ? request.Describe.Sql : null,
            SqlId = request.Describe.HasSqlId ? request.Describe.SqlId : null,
            ReplicationIndex = request.Describe.HasReplicationIndex ? request.Describe.ReplicationIndex : null,
        },
        Wire.StreamRequest.RequestOneofCase.StoreSql => new HranaStoreSqlStreamRequest { SqlId = request.StoreSql.SqlId, Sql = request.StoreSql.Sql },
        Wire.StreamRequest.RequestOneofCase.CloseSql => new HranaCloseSqlStreamRequest { SqlId = request.CloseSql.SqlId },
        Wire.StreamRequest.RequestOneofCase.GetAutocommit => new HranaGetAutocommitStreamRequest(),
        _ => throw new HranaFormatException("A Protobuf StreamRequest has no known request type."),
    };

    private static Wire.StreamResponse ToProto(HranaStreamResponse response) => response switch
    {
        HranaCloseStreamResponse => new Wire.StreamResponse { Close = new Wire.CloseStreamResp() },
        HranaExecuteStreamResponse execute => new Wire.StreamResponse { Execute = new Wire.ExecuteStreamResp { Result = ToProto(execute.Result) } },
        HranaBatchStreamResponse batch => new Wire.StreamResponse { Batch = new Wire.BatchStreamResp { Result = ToProto(batch.Result) } },
        HranaSequenceStreamResponse => new Wire.StreamResponse { Sequence = new Wire.SequenceStreamResp() },
        HranaDescribeStreamResponse describe => new Wire.StreamResponse { Describe = new Wire.DescribeStreamResp { Result = ToProto(describe.Result) } },
        HranaStoreSqlStreamResponse => new Wire.StreamResponse { StoreSql = new Wire.StoreSqlStreamResp() },
        HranaCloseSqlStreamResponse => new Wire.StreamResponse { CloseSql = new Wire.CloseSqlStreamResp() },
        HranaGetAutocommitStreamResponse autocommit => new Wire.StreamResponse { GetAutocommit = new Wire.GetAutocommitStreamResp { IsAutocommit = autocommit.IsAutocommit } },
        _ => throw HranaProtobufMapper.Unknown(response),
    };

    private static HranaStatement FromProto(Wire.Stmt stmt) => new()
    {
        Sql = stmt.HasSql ? stmt.Sql : null,
        SqlId = stmt.HasSqlId ? stmt.SqlId : null,
        Args = stmt.Args.Select(HranaProtobufMapper.FromProto).ToArray(),
        NamedArgs = stmt.NamedArgs.Select(a => new HranaNamedArgument { Name = a.Name, Value = HranaProtobufMapper.FromProto(a.Value ?? new Wire.Value()) }).ToArray(),
        WantRows = stmt.HasWantRows ? stmt.WantRows : null,
        ReplicationIndex = stmt.HasReplicationIndex ? stmt.ReplicationIndex : null,
    };

    private static HranaBatch FromProto(Wire.Batch batch) => new()
    {
        Steps = batch.Steps.Select(s => new HranaBatchStep
        {
            Condition = s.Condition is null ? null : FromProto(s.Condition),
            Stmt = FromProto(s.Stmt ?? new Wire.Stmt()),
        }).ToArray(),
        ReplicationIndex = batch.HasReplicationIndex ? batch.ReplicationIndex : null,
    };

    private static HranaBatchCondition FromProto(Wire.BatchCond condition) => condition.CondCase switch
    {
        Wire.BatchCond.CondOneofCase.StepOk => new HranaOkBatchCondition { Step = condition.StepOk },
        Wire.BatchCond.CondOneofCase.StepError => new HranaErrorBatchCondition { Step = condition.StepError },
        Wire.BatchCond.CondOneofCase.Not => new HranaNotBatchCondition { Cond = FromProto(condition.Not) },
        Wire.BatchCond.CondOneofCase.And => new HranaAndBatchCondition { Conds = condition.And.Conds.Select(FromProto).ToArray() },
        Wire.BatchCond.CondOneofCase.Or => new HranaOrBatchCondition { Conds = condition.Or.Conds.Select(FromProto).ToArray() },
        Wire.BatchCond.CondOneofCase.IsAutocommit => new HranaIsAutocommitBatchCondition(),
        _ => throw new HranaFormatException("A Protobuf BatchCond has no known condition type."),
    };

    private static Wire.StmtResult ToProto(HranaStatementResult result)
    {
        var proto = new Wire.StmtResult
        {
            AffectedRowCount = (ulong)result.AffectedRowCount,
            RowsRead = (ulong)result.RowsRead,
            RowsWritten = (ulong)result.RowsWritten,
            QueryDurationMs = result.QueryDurationMs,
        };
        proto.Cols.AddRange(result.Cols.Select(ToProto));
        foreach (var row in result.Rows)
        {
            proto.Rows.Add(ToProtoRow(row));
        }

        if (result.LastInsertRowid is { } rowid)
        {
            proto.LastInsertRowid = rowid;
        }

        if (result.ReplicationIndex is { } index)
        {
            proto.ReplicationIndex = index;
        }

        return proto;
    }

    private static Wire.BatchResult ToProto(HranaBatchResult result)
    {
        // sqld sends the step lists as maps keyed by step index, leaving out the nulls.
        var proto = new Wire.BatchResult();
        for (var i = 0; i < result.StepResults.Count; i++)
        {
            if (result.StepResults[i] is { } stepResult)
            {
                proto.StepResults.Add((uint)i, ToProto(stepResult));
            }
        }

        for (var i = 0; i < result.StepErrors.Count; i++)
        {
            if (result.StepErrors[i] is { } stepError)
            {
                proto.StepErrors.Add((uint)i, ToProto(stepError));
            }
        }

        return proto;
    }

    private static Wire.DescribeResult ToProto(HranaDescribeResult result)
    {
        var proto = new Wire.DescribeResult { IsExplain = result.IsExplain, IsReadonly = result.IsReadonly };
        foreach (var param in result.Params)
        {
            var protoParam = new Wire.DescribeParam();
            if (param.Name is not null)
            {
                protoParam.Name = param.Name;
            }

            proto.Params.Add(protoParam);
        }

        foreach (var col in result.Cols)
        {
            var protoCol = new Wire.DescribeCol { Name = col.Name };
            if (col.Decltype is not null)
            {
                protoCol.Decltype = col.Decltype;
            }

            proto.Cols.Add(protoCol);
        }

        return proto;
    }

    private static Wire.Col ToProto(HranaColumn column)
    {
        var proto = new Wire.Col();
        if (column.Name is not null)
        {
            proto.Name = column.Name;
        }

        if (column.Decltype is not null)
        {
            proto.Decltype = column.Decltype;
        }

        return proto;
    }

    private static Wire.Row ToProtoRow(HranaValue[] row)
    {
        var proto = new Wire.Row();
        foreach (var value in row)
        {
            proto.Values.Add(HranaProtobufMapper.ToProto(value));
        }

        return proto;
    }
}
