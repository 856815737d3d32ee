using System.Text;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hrana;

namespace Libsql.TestServer.Tests.Hrana;

/// <summary>
/// The JSON codec reads tagged unions and values by peeking "type" rather than by buffering: these pin that "type" may
/// sit anywhere, that the streaming path agrees with the span path, and that malformed bodies stay format errors.
/// </summary>
public sealed class HranaJsonOrderingTests
{
    private const string TypeFirst = """
        {"baton":"b1","base_url":null,"results":[
          {"type":"ok","response":{"type":"execute","result":{"cols":[{"name":"a","decltype":"INTEGER"},{"name":"b","decltype":null}],
            "rows":[[{"type":"integer","value":"-9223372036854775808"},{"type":"blob","base64":"AAEC+v8"}],
                    [{"type":"float","value":2.5},{"type":"text","value":"h\u00e9"}],
                    [{"type":"null"},{"type":"integer","value":"9223372036854775807"}]],
            "affected_row_count":0,"last_insert_rowid":"7"}}},
          {"type":"error","error":{"message":"boom","code":"SQLITE_ERROR"}},
          {"type":"ok","response":{"type":"close"}}]}
        """;

    // The same body with every "type" moved to the end of its object (and the payload before it).
    private const string TypeLast = """
        {"results":[
          {"response":{"result":{"rows":[[{"value":"-9223372036854775808","type":"integer"},{"base64":"AAEC+v8=","type":"blob"}],
                    [{"value":2.5,"type":"float"},{"value":"h\u00e9","x":[1,{"type":"text"}],"type":"text"}],
                    [{"type":"null"},{"value":"9223372036854775807","type":"integer"}]],
            "cols":[{"decltype":"INTEGER","name":"a"},{"name":"b","decltype":null}],
            "last_insert_rowid":"7","affected_row_count":0,"future":{"type":"close"}},"type":"execute"},"type":"ok"},
          {"error":{"code":"SQLITE_ERROR","message":"boom"},"type":"error"},
          {"response":{"type":"close"},"type":"ok"}],"base_url":null,"baton":"b1"}
        """;

    [Theory]
    [InlineData(TypeFirst)]
    [InlineData(TypeLast)]
    public async Task Type_may_come_in_any_position_on_both_read_paths(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        AssertExpected(HranaJson.DeserializePipelineResponse(utf8));
        await using var stream = new TrickleStream(utf8);
        AssertExpected(await HranaJson.DeserializePipelineResponseAsync(stream, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Cursor_entry_and_request_type_may_come_last()
    {
        var entry = HranaJson.DeserializeCursorEntry("""{"row":[{"value":"3","type":"integer"}],"type":"row"}"""u8);
        Assert.Equal([HranaValue.FromInteger(3)], Assert.IsType<HranaRowEntry>(entry).Row);

        var request = HranaServerJson.DeserializePipelineRequest("""
            {"requests":[{"batch":{"steps":[{"condition":{"cond":{"step":0,"type":"ok"},"type":"not"},"stmt":{"sql":"SELECT 1"}}]},"type":"batch"}]}
            """u8);
        var batch = Assert.IsType<HranaBatchStreamRequest>(Assert.Single(request.Requests));
        var not = Assert.IsType<HranaNotBatchCondition>(Assert.Single(batch.Batch.Steps).Condition);
        Assert.Equal(0u, Assert.IsType<HranaOkBatchCondition>(not.Cond).Step);
    }

    [Fact]
    public void Wide_rows_and_large_blobs_round_trip()
    {
        var blob = new byte[1000];
        new Random(3).NextBytes(blob);
        var row = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? HranaValue.FromInteger(i) : HranaValue.FromBlob(blob)).ToArray();
        var response = new HranaPipelineResponse
        {
            Results = [new HranaStreamResultOk { Response = new HranaExecuteStreamResponse { Result = new HranaStatementResult { Rows = [row] } } }],
        };

        var json = HranaServerJson.Serialize(response);
        Assert.DoesNotContain("=\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);

        var decoded = HranaJson.DeserializePipelineResponse(json);
        var result = Assert.IsType<HranaExecuteStreamResponse>(Assert.IsType<HranaStreamResultOk>(Assert.Single(decoded.Results)).Response).Result;
        Assert.Equal(row, Assert.Single(result.Rows));
    }

    [Theory]
    [InlineData("""{"results":[{"type":"nope","response":{"type":"close"}}]}""")]
    [InlineData("""{"results":[{"response":{"type":"close"}}]}""")]
    [InlineData("""{"results":[{"type":1,"response":{"type":"close"}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"integer","value":1}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"value":"1"}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"blob","base64":"A"}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"blob","base64":"A*=="}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"integer","value":"9223372036854775808"}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[{"type":"null"}]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"text"}]]}}}]}""")]
    [InlineData("""{"results":[{"type":"ok","response":{"type":"execute","result":{"rows":[[{"type":"integer","value":"1"}""")]
    [InlineData("""{"results":[{"type":"ok"}]}""")]
    public async Task Malformed_bodies_are_format_errors_on_both_read_paths(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        Assert.Throws<HranaFormatException>(() => HranaJson.DeserializePipelineResponse(utf8));
        await using var stream = new TrickleStream(utf8);
        await Assert.ThrowsAsync<HranaFormatException>(
            async () => await HranaJson.DeserializePipelineResponseAsync(stream, TestContext.Current.CancellationToken));
    }

    private static void AssertExpected(HranaPipelineResponse response)
    {
        Assert.Equal("b1", response.Baton);
        Assert.Null(response.BaseUrl);
        Assert.Equal(3, response.Results.Count);
        var result = Assert.IsType<HranaExecuteStreamResponse>(Assert.IsType<HranaStreamResultOk>(response.Results[0]).Response).Result;
        Assert.Equal(["a", "b"], result.Cols.Select(c => c.Name));
        Assert.Equal("INTEGER", result.Cols[0].Decltype);
        Assert.Null(result.Cols[1].Decltype);
        Assert.Equal(7, result.LastInsertRowid);
        Assert.Equal(3, result.Rows.Count);
        Assert.Equal([HranaValue.FromInteger(long.MinValue), HranaValue.FromBlob([0, 1, 2, 250, 255])], result.Rows[0]);
        Assert.Equal([HranaValue.FromFloat(2.5), HranaValue.FromText("hé")], result.Rows[1]);
        Assert.Equal([HranaValue.Null, HranaValue.FromInteger(long.MaxValue)], result.Rows[2]);
        var error = Assert.IsType<HranaStreamResultError>(response.Results[1]).Error;
        Assert.Equal(("boom", "SQLITE_ERROR"), (error.Message, error.Code));
        Assert.IsType<HranaCloseStreamResponse>(Assert.IsType<HranaStreamResultOk>(response.Results[2]).Response);
    }

    /// <summary>Hands out a few bytes per read, so the streaming decoder sees every value split across buffers.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 7)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 7), cancellationToken);
    }
}
