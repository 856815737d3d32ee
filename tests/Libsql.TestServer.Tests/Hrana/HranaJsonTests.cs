using System.Text;
using System.Text.Json.Nodes;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hrana;

namespace Libsql.TestServer.Tests.Hrana;

public sealed class HranaJsonTests
{
    [Fact]
    public void Reference_one_shot_request_decodes()
    {
        const string json = """
            {"baton": null,
             "requests": [
               {"type": "execute", "stmt": {"sql": "INSERT INTO t(a,b) VALUES (?, :b)",
                 "args": [{"type": "integer", "value": "42"}],
                 "named_args": [{"name": ":b", "value": {"type": "text", "value": "hi"}}],
                 "want_rows": false}},
               {"type": "close"}]}
            """;

        var request = HranaServerJson.DeserializePipelineRequest(Encoding.UTF8.GetBytes(json));

        Assert.Null(request.Baton);
        Assert.Equal(2, request.Requests.Count);
        var execute = Assert.IsType<HranaExecuteStreamRequest>(request.Requests[0]);
        Assert.Equal("INSERT INTO t(a,b) VALUES (?, :b)", execute.Stmt.Sql);
        Assert.Equal(HranaValue.FromInteger(42), Assert.Single(execute.Stmt.Args));
        var named = Assert.Single(execute.Stmt.NamedArgs);
        Assert.Equal(":b", named.Name);
        Assert.Equal(HranaValue.FromText("hi"), named.Value);
        Assert.False(execute.Stmt.WantRows);
        Assert.IsType<HranaCloseStreamRequest>(request.Requests[1]);
    }

    [Fact]
    public void Reference_response_decodes_and_reencodes_with_string_integers()
    {
        const string json = """
            {"baton": null, "base_url": null,
             "results": [
               {"type": "ok", "response": {"type": "execute", "result": {
                  "cols": [], "rows": [], "affected_row_count": 1, "last_insert_rowid": "7",
                  "replication_index": "12", "rows_read": 0, "rows_written": 1, "query_duration_ms": 0.1}}},
               {"type": "ok", "response": {"type": "close"}}]}
            """;

        var response = HranaJson.DeserializePipelineResponse(Encoding.UTF8.GetBytes(json));

        var ok = Assert.IsType<HranaStreamResultOk>(response.Results[0]);
        var result = Assert.IsType<HranaExecuteStreamResponse>(ok.Response).Result;
        Assert.Equal(1, result.AffectedRowCount);
        Assert.Equal(7, result.LastInsertRowid);
        Assert.Equal(12UL, result.ReplicationIndex);
        Assert.Equal(1, result.RowsWritten);
        Assert.IsType<HranaCloseStreamResponse>(Assert.IsType<HranaStreamResultOk>(response.Results[1]).Response);

        var node = JsonNode.Parse(HranaServerJson.Serialize(response))!;
        Assert.Null(node["baton"]);
        Assert.True(node.AsObject().ContainsKey("baton"));
        Assert.True(node.AsObject().ContainsKey("base_url"));
        var encoded = node["results"]![0]!["response"]!["result"]!;
        Assert.Equal("7", encoded["last_insert_rowid"]!.GetValue<string>());
        Assert.Equal("12", encoded["replication_index"]!.GetValue<string>());
        Assert.Equal(1, encoded["affected_row_count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(0L, "0")]
    public void Integers_are_exact_strings_both_ways(long value, string text)
    {
        var response = ResponseWithRow(HranaValue.FromInteger(value));

        var json = Encoding.UTF8.GetString(HranaServerJson.Serialize(response));

        Assert.Contains($$"""{"type":"integer","value":"{{text}}"}""", json, StringComparison.Ordinal);
        Assert.Equal(HranaValue.FromInteger(value), SingleCell(HranaJson.DeserializePipelineResponse(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void Integer_as_json_number_is_rejected_like_sqld()
    {
        const string json = """{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":1}]}}]}""";

        Assert.Throws<HranaFormatException>(() => HranaServerJson.DeserializePipelineRequest(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Blobs_are_written_without_padding_and_read_with_or_without()
    {
        var bytes = new byte[] { 0, 1, 2, 250, 255 };
        var json = Encoding.UTF8.GetString(HranaServerJson.Serialize(ResponseWithRow(HranaValue.FromBlob(bytes))));

        Assert.Contains("\"base64\":\"AAEC+v8\"", json, StringComparison.Ordinal);
        foreach (var text in new[] { "AAEC+v8", "AAEC+v8=" })
        {
            var cell = SingleCell(HranaJson.DeserializePipelineResponse(Encoding.UTF8.GetBytes(json.Replace("AAEC+v8", text, StringComparison.Ordinal))));
            Assert.Equal(bytes, cell.Blob);
        }
    }

    [Fact]
    public void Floats_text_and_null_round_trip()
    {
        foreach (var value in new[] { HranaValue.FromFloat(1.5), HranaValue.FromFloat(double.MaxValue), HranaValue.FromFloat(-0.1), HranaValue.FromText("héllo \"\n"), HranaValue.Null })
        {
            var json = HranaServerJson.Serialize(ResponseWithRow(value));
            Assert.Equal(value, SingleCell(HranaJson.DeserializePipelineResponse(json)));
        }

        Assert.Contains("\"value\":1.5", Encoding.UTF8.GetString(HranaServerJson.Serialize(ResponseWithRow(HranaValue.FromFloat(1.5)))), StringComparison.Ordinal);
    }

    [Fact]
    public void Value_type_may_follow_value_and_unknown_fields_are_ignored()
    {
        const string json = """
            {"extra":{"a":[1,2]},"requests":[{"stmt":{"sql":"SELECT ?","args":[{"value":"5","type":"integer","x":1}],"future":true},"type":"execute"}]}
            """;

        var request = HranaServerJson.DeserializePipelineRequest(Encoding.UTF8.GetBytes(json));

        var execute = Assert.IsType<HranaExecuteStreamRequest>(Assert.Single(request.Requests));
        Assert.Equal(HranaValue.FromInteger(5), Assert.Single(execute.Stmt.Args));
    }

    [Fact]
    public void Stream_expired_body_decodes_as_an_error()
    {
        var error = HranaJson.DeserializeError("""{"message":"The stream has expired due to inactivity","code":"STREAM_EXPIRED"}"""u8);

        Assert.Equal(("STREAM_EXPIRED", "The stream has expired due to inactivity"), (error.Code, error.Message));
        Assert.Equal("""{"message":"x","code":"c"}""", System.Text.Encoding.UTF8.GetString(HranaServerJson.Serialize(new HranaError { Message = "x", Code = "c" })));
    }

    [Fact]
    public void Unknown_request_type_is_a_format_error()
    {
        Assert.Throws<HranaFormatException>(() => HranaServerJson.DeserializePipelineRequest("""{"requests":[{"type":"teleport"}]}"""u8));
        Assert.Throws<HranaFormatException>(() => HranaServerJson.DeserializePipelineRequest("not json"u8));
    }

    [Fact]
    public void Batch_conditions_round_trip()
    {
        var request = new HranaPipelineRequest
        {
            Baton = "b",
            Requests =
            [
                new HranaBatchStreamRequest
                {
                    Batch = new HranaBatch
                    {
                        Steps =
                        [
                            new HranaBatchStep { Stmt = new HranaStatement { Sql = "BEGIN" } },
                            new HranaBatchStep
                            {
                                Condition = new HranaAndBatchCondition
                                {
                                    Conds =
                                    [
                                        new HranaOkBatchCondition { Step = 0 },
                                        new HranaNotBatchCondition { Cond = new HranaIsAutocommitBatchCondition() },
                                        new HranaOrBatchCondition { Conds = [new HranaErrorBatchCondition { Step = 0 }] },
                                    ],
                                },
                                Stmt = new HranaStatement { Sql = "COMMIT", WantRows = false },
                            },
                        ],
                    },
                },
                new HranaGetAutocommitStreamRequest(),
                new HranaStoreSqlStreamRequest { SqlId = 3, Sql = "SELECT 1" },
                new HranaCloseSqlStreamRequest { SqlId = 3 },
                new HranaSequenceStreamRequest { Sql = "SELECT 1; SELECT 2" },
                new HranaDescribeStreamRequest { SqlId = 3 },
            ],
        };

        var json = HranaJson.Serialize(request);
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains("""{"type":"ok","step":0}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"type":"is_autocommit"}""", text, StringComparison.Ordinal);

        AssertSameJson(json, HranaJson.Serialize(HranaServerJson.DeserializePipelineRequest(json)));
        AssertSameJson(json, HranaJson.Serialize(HranaServerProtobuf.DeserializePipelineRequest(HranaProtobuf.Serialize(request))));
    }

    [Fact]
    public void Batch_result_keeps_nulls_for_skipped_steps()
    {
        var response = new HranaPipelineResponse
        {
            Baton = "x",
            Results =
            [
                new HranaStreamResultOk
                {
                    Response = new HranaBatchStreamResponse
                    {
                        Result = new HranaBatchResult
                        {
                            StepResults = [new HranaStatementResult(), null, null],
                            StepErrors = [null, new HranaError { Message = "boom", Code = "SQLITE_ERROR" }, null],
                        },
                    },
                },
                new HranaStreamResultError { Error = new HranaError { Message = "bad", Code = "SQL_PARSE_ERROR" } },
            ],
        };

        var node = JsonNode.Parse(HranaServerJson.Serialize(response))!;
        var result = node["results"]![0]!["response"]!["result"]!;
        Assert.Equal(3, result["step_results"]!.AsArray().Count);
        Assert.Null(result["step_results"]![1]);
        Assert.Equal("SQLITE_ERROR", result["step_errors"]![1]!["code"]!.GetValue<string>());
        Assert.Equal("error", node["results"]![1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Cursor_entries_round_trip()
    {
        HranaCursorEntry[] entries =
        [
            new HranaStepBeginEntry { Step = 1, Cols = [new HranaColumn { Name = "a", Decltype = "INTEGER" }, new HranaColumn()] },
            new HranaRowEntry { Row = [HranaValue.FromInteger(long.MinValue), HranaValue.Null] },
            new HranaStepEndEntry { AffectedRowCount = 2, LastInsertRowid = long.MaxValue },
            new HranaStepErrorEntry { Step = 2, Error = new HranaError { Message = "m", Code = "c" } },
            new HranaErrorEntry { Error = new HranaError { Message = "whole" } },
        ];

        foreach (var entry in entries)
        {
            var json = HranaServerJson.Serialize(entry);
            AssertSameJson(json, HranaServerJson.Serialize(HranaJson.DeserializeCursorEntry(json)));
        }

        Assert.Contains("\"last_insert_rowid\":\"9223372036854775807\"", Encoding.UTF8.GetString(HranaServerJson.Serialize(entries[2])), StringComparison.Ordinal);
        Assert.StartsWith("{\"type\":\"step_begin\"", Encoding.UTF8.GetString(HranaServerJson.Serialize(entries[0])), StringComparison.Ordinal);
    }

    private static HranaPipelineResponse ResponseWithRow(HranaValue value) => new()
    {
        Results =
        [
            new HranaStreamResultOk
            {
                Response = new HranaExecuteStreamResponse
                {
                    Result = new HranaStatementResult { Cols = [new HranaColumn { Name = "v" }], Rows = [[value]] },
                },
            },
        ],
    };

    private static HranaValue SingleCell(HranaPipelineResponse response) =>
        Assert.Single(Assert.Single(Assert.IsType<HranaExecuteStreamResponse>(Assert.IsType<HranaStreamResultOk>(Assert.Single(response.Results)).Response).Result.Rows));

    internal static void AssertSameJson(byte[] expected, byte[] actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{Encoding.UTF8.GetString(expected)}\n!=\n{Encoding.UTF8.GetString(actual)}");
}
