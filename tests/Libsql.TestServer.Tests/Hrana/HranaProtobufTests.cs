using Google.Protobuf;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hrana;

namespace Libsql.TestServer.Tests.Hrana;

public sealed class HranaProtobufTests
{
    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public void Integers_survive_exactly(long value)
    {
        var response = Response(HranaValue.FromInteger(value), lastInsertRowid: value);

        var decoded = HranaProtobuf.DeserializePipelineResponse(HranaServerProtobuf.Serialize(response));

        var result = ExecuteResult(decoded);
        Assert.Equal(HranaValue.FromInteger(value), result.Rows[0][0]);
        Assert.Equal(value, result.LastInsertRowid);
    }

    [Fact]
    public void Every_value_type_round_trips()
    {
        var values = new[]
        {
            HranaValue.Null, HranaValue.FromFloat(-2.5), HranaValue.FromText("ünï"), HranaValue.FromBlob([0, 255, 7]), HranaValue.FromBlob([]),
        };
        foreach (var value in values)
        {
            Assert.Equal(value, ExecuteResult(HranaProtobuf.DeserializePipelineResponse(HranaServerProtobuf.Serialize(Response(value, null)))).Rows[0][0]);
        }
    }

    [Fact]
    public void Integer_value_uses_the_spec_field_number_and_zigzag()
    {
        // Value { sint64 integer = 2 }: tag (2 << 3 | 0) = 0x10, zigzag(-1) = 1.
        var row = new Libsql.Client.Hrana.Protobuf.Value { Integer = -1 };
        Assert.Equal(new byte[] { 0x10, 0x01 }, row.ToByteArray());

        // HranaStatementResult { optional sint64 last_insert_rowid = 4 }: tag 0x20, zigzag(7) = 14.
        var result = new Libsql.Client.Hrana.Protobuf.StmtResult { LastInsertRowid = 7 };
        Assert.Equal(new byte[] { 0x20, 0x0E }, result.ToByteArray());
    }

    [Fact]
    public void Pipeline_request_matches_the_json_model()
    {
        var request = new HranaPipelineRequest
        {
            Requests =
            [
                new HranaExecuteStreamRequest
                {
                    Stmt = new HranaStatement
                    {
                        Sql = "SELECT ?, :a",
                        Args = [HranaValue.FromInteger(long.MaxValue)],
                        NamedArgs = [new HranaNamedArgument { Name = ":a", Value = HranaValue.FromBlob([1, 2]) }],
                        WantRows = true,
                    },
                },
                new HranaCloseStreamRequest(),
            ],
        };

        var decoded = HranaServerProtobuf.DeserializePipelineRequest(HranaProtobuf.Serialize(request));

        Assert.Null(decoded.Baton);
        HranaJsonTests.AssertSameJson(HranaJson.Serialize(request), HranaJson.Serialize(decoded));
    }

    [Fact]
    public void Batch_result_maps_leave_out_skipped_steps()
    {
        var response = new HranaPipelineResponse
        {
            Baton = "b",
            BaseUrl = "http://x/",
            Results =
            [
                new HranaStreamResultOk
                {
                    Response = new HranaBatchStreamResponse
                    {
                        Result = new HranaBatchResult
                        {
                            StepResults = [new HranaStatementResult { AffectedRowCount = 3 }, null, null],
                            StepErrors = [null, new HranaError { Message = "e", Code = "SQLITE_CONSTRAINT" }, null],
                        },
                    },
                },
                new HranaStreamResultError { Error = new HranaError { Message = "x", Code = "SQL_PARSE_ERROR" } },
                new HranaStreamResultOk { Response = new HranaGetAutocommitStreamResponse { IsAutocommit = true } },
                new HranaStreamResultOk { Response = new HranaDescribeStreamResponse { Result = new HranaDescribeResult { Params = [new HranaDescribeParameter()], Cols = [new HranaDescribeColumn { Name = "a", Decltype = "TEXT" }], IsReadonly = true } } },
            ],
        };

        var decoded = HranaProtobuf.DeserializePipelineResponse(HranaServerProtobuf.Serialize(response));

        Assert.Equal("b", decoded.Baton);
        Assert.Equal("http://x/", decoded.BaseUrl);
        var batch = Assert.IsType<HranaBatchStreamResponse>(Assert.IsType<HranaStreamResultOk>(decoded.Results[0]).Response).Result;
        Assert.Equal(2, batch.StepResults.Count); // the trailing skipped step is not on the wire
        Assert.Equal(3, batch.StepResults[0]!.AffectedRowCount);
        Assert.Null(batch.StepResults[1]);
        Assert.Equal("SQLITE_CONSTRAINT", batch.StepErrors[1]!.Code);
        Assert.Equal("SQL_PARSE_ERROR", Assert.IsType<HranaStreamResultError>(decoded.Results[1]).Error.Code);
        Assert.True(Assert.IsType<HranaGetAutocommitStreamResponse>(Assert.IsType<HranaStreamResultOk>(decoded.Results[2]).Response).IsAutocommit);
        var describe = Assert.IsType<HranaDescribeStreamResponse>(Assert.IsType<HranaStreamResultOk>(decoded.Results[3]).Response).Result;
        Assert.Null(Assert.Single(describe.Params).Name);
        Assert.Equal("TEXT", Assert.Single(describe.Cols).Decltype);
    }

    [Fact]
    public async Task Cursor_is_length_delimited()
    {
        using var stream = new MemoryStream();
        stream.Write(HranaServerProtobuf.SerializeDelimited(new HranaCursorResponse { Baton = "b1" }));
        stream.Write(HranaServerProtobuf.SerializeDelimited(new HranaStepBeginEntry { Step = 0, Cols = [new HranaColumn { Name = "x" }] }));
        stream.Write(HranaServerProtobuf.SerializeDelimited(new HranaRowEntry { Row = [HranaValue.FromText(new string('a', 300))] }));
        stream.Write(HranaServerProtobuf.SerializeDelimited(new HranaStepEndEntry { AffectedRowCount = 0, LastInsertRowid = null }));
        stream.Position = 0;
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("b1", HranaProtobuf.DeserializeCursorResponse((await HranaProtobuf.ReadDelimitedAsync(stream, ct))!).Baton);
        Assert.Equal("x", Assert.IsType<HranaStepBeginEntry>(HranaProtobuf.DeserializeCursorEntry((await HranaProtobuf.ReadDelimitedAsync(stream, ct))!)).Cols[0].Name);
        Assert.Equal(300, Assert.IsType<HranaRowEntry>(HranaProtobuf.DeserializeCursorEntry((await HranaProtobuf.ReadDelimitedAsync(stream, ct))!)).Row[0].Text.Length);
        Assert.Null(Assert.IsType<HranaStepEndEntry>(HranaProtobuf.DeserializeCursorEntry((await HranaProtobuf.ReadDelimitedAsync(stream, ct))!)).LastInsertRowid);
        Assert.Null(await HranaProtobuf.ReadDelimitedAsync(stream, ct));
    }

    [Fact]
    public void Garbage_is_a_format_error()
    {
        Assert.Throws<HranaFormatException>(() => HranaServerProtobuf.DeserializePipelineRequest([0xFF, 0xFF, 0xFF]));
    }

    private static HranaPipelineResponse Response(HranaValue value, long? lastInsertRowid) => new()
    {
        Results =
        [
            new HranaStreamResultOk
            {
                Response = new HranaExecuteStreamResponse
                {
                    Result = new HranaStatementResult { Cols = [new HranaColumn { Name = "v", Decltype = "BLOB" }], Rows = [[value]], LastInsertRowid = lastInsertRowid },
                },
            },
        ],
    };

    private static HranaStatementResult ExecuteResult(HranaPipelineResponse response) =>
        Assert.IsType<HranaExecuteStreamResponse>(Assert.IsType<HranaStreamResultOk>(Assert.Single(response.Results)).Response).Result;
}
