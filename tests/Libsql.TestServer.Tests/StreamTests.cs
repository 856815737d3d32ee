using System.Net;
using System.Text.Json.Nodes;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class StreamTests(SharedServers servers)
{
    [Fact]
    public async Task Interactive_transaction_spans_pipeline_calls_and_is_isolated_until_commit()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a)");

        var begin = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN"), HranaHttp.Execute($"INSERT INTO {table} VALUES (1)"), new HranaGetAutocommitStreamRequest()] });
        Assert.NotNull(begin.Baton);
        Assert.False(HranaHttp.Ok<HranaGetAutocommitStreamResponse>(begin.Results[2]).IsAutocommit);

        // Another stream does not see the uncommitted row (and reading is not blocked by the writer).
        Assert.Equal(0, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);

        var insert = await http.PipelineAsync(new HranaPipelineRequest { Baton = begin.Baton, Requests = [HranaHttp.Execute($"INSERT INTO {table} VALUES (2)"), HranaHttp.Execute($"SELECT count(*) FROM {table}")] });
        Assert.NotEqual(begin.Baton, insert.Baton);
        Assert.Equal(2, HranaHttp.Ok<HranaExecuteStreamResponse>(insert.Results[1]).Result.Rows[0][0].Integer);

        var commit = await http.PipelineAsync(new HranaPipelineRequest { Baton = insert.Baton, Requests = [HranaHttp.Execute("COMMIT"), new HranaGetAutocommitStreamRequest(), new HranaCloseStreamRequest()] });
        Assert.Null(commit.Baton);
        Assert.True(HranaHttp.Ok<HranaGetAutocommitStreamResponse>(commit.Results[1]).IsAutocommit);
        Assert.Equal(2, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task Rollback_and_closing_a_stream_discard_the_transaction()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a)");

        var first = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN"), HranaHttp.Execute($"INSERT INTO {table} VALUES (1)")] });
        await http.PipelineAsync(new HranaPipelineRequest { Baton = first.Baton, Requests = [HranaHttp.Execute("ROLLBACK"), new HranaCloseStreamRequest()] });
        var second = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN"), HranaHttp.Execute($"INSERT INTO {table} VALUES (2)"), new HranaCloseStreamRequest()] });

        Assert.Null(second.Baton);
        Assert.Equal(0, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task A_baton_is_good_for_one_request_only()
    {
        using var http = servers.OpenClient();
        var opened = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });
        var next = await http.PipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [HranaHttp.Execute("SELECT 2")] });

        using var reused = await http.SendPipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [HranaHttp.Execute("SELECT 3")] });
        var (status, contentType, body) = await HranaHttp.ReadAsync(reused);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("text/plain", contentType);
        Assert.Equal("Received a baton that has already been used", body);

        // A refused baton leaves the stream alone; a request that fails as a whole drops it, as sqld does.
        var still = await http.PipelineAsync(new HranaPipelineRequest { Baton = next.Baton, Requests = [HranaHttp.Execute("SELECT 4")] });
        using var failing = await http.SendPipelineAsync(new HranaPipelineRequest { Baton = still.Baton, Requests = [new HranaExecuteStreamRequest { Stmt = new HranaStatement { SqlId = 404 } }] });
        Assert.Equal("SQL text 404 not found", (await HranaHttp.ReadAsync(failing)).Body);
        using var dropped = await http.SendPipelineAsync(new HranaPipelineRequest { Baton = still.Baton, Requests = [] });
        Assert.Equal("Received an invalid baton", (await HranaHttp.ReadAsync(dropped)).Body);
    }

    [Fact]
    public async Task A_closed_stream_returns_a_null_baton_and_refuses_more_requests()
    {
        using var http = servers.OpenClient();

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [new HranaCloseStreamRequest(), HranaHttp.Execute("SELECT 1")] });
        var (status, _, body) = await HranaHttp.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Stream for this baton was closed", body);
    }

    [Fact]
    public async Task Stored_sql_is_per_stream_and_limited_like_sqld()
    {
        using var http = servers.OpenClient();
        var requests = new List<HranaStreamRequest>();
        for (var i = 0; i < 50; i++)
        {
            requests.Add(new HranaStoreSqlStreamRequest { SqlId = i, Sql = $"SELECT {i}" });
        }

        requests.Add(new HranaStoreSqlStreamRequest { SqlId = 50, Sql = "SELECT 50" });
        requests.Add(new HranaExecuteStreamRequest { Stmt = new HranaStatement { SqlId = 7 } });
        requests.Add(new HranaCloseSqlStreamRequest { SqlId = 0 });
        requests.Add(new HranaStoreSqlStreamRequest { SqlId = 51, Sql = "SELECT '" + new string('x', 5_000) + "'" });
        requests.Add(new HranaStoreSqlStreamRequest { SqlId = 52, Sql = "SELECT 'fits'" });
        requests.Add(new HranaSequenceStreamRequest { SqlId = 52 });
        requests.Add(new HranaDescribeStreamRequest { SqlId = 52 });

        var results = (await http.PipelineAsync(new HranaPipelineRequest { Requests = requests })).Results;

        Assert.Equal(("SQL_STORE_TOO_MANY", "The server already stores 50 SQL texts, it cannot store more"), (Assert.IsType<HranaStreamResultError>(results[50]).Error.Code, ((HranaStreamResultError)results[50]).Error.Message));
        Assert.Equal(7, HranaHttp.Ok<HranaExecuteStreamResponse>(results[51]).Result.Rows[0][0].Integer);
        Assert.Equal(("SQL_STORE_TOO_LARGE", "The statement is too large to be stored: 5.0 KB/5.0 KB"), (Assert.IsType<HranaStreamResultError>(results[53]).Error.Code, ((HranaStreamResultError)results[53]).Error.Message));
        HranaHttp.Ok<HranaStoreSqlStreamResponse>(results[54]);
        HranaHttp.Ok<HranaSequenceStreamResponse>(results[55]);
        HranaHttp.Ok<HranaDescribeStreamResponse>(results[56]);

        using var duplicate = await http.SendPipelineAsync(new HranaPipelineRequest
        {
            Requests = [new HranaStoreSqlStreamRequest { SqlId = 1, Sql = "SELECT 1" }, new HranaStoreSqlStreamRequest { SqlId = 1, Sql = "SELECT 1" }],
        });
        Assert.Equal((HttpStatusCode.BadRequest, "SQL text 1 already exists"), ((await HranaHttp.ReadAsync(duplicate)).Status, (await HranaHttp.ReadAsync(duplicate)).Body));
    }

    [Fact]
    public async Task An_idle_stream_expires_with_sqlds_error_and_its_transaction_is_rolled_back()
    {
        var expiry = TimeSpan.FromMilliseconds(300);
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { StreamExpiry = expiry }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri);
        await http.ExecuteAsync("CREATE TABLE t(a)");
        var open = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN"), HranaHttp.Execute("INSERT INTO t VALUES (1)")] });

        // The waits are what is under test: each stream idles well past the expiry (checked on its next use).
        await Task.Delay(expiry * 3, TestContext.Current.CancellationToken);
        using var json = await http.SendPipelineAsync(new HranaPipelineRequest { Baton = open.Baton, Requests = [HranaHttp.Execute("COMMIT")] });
        var (status, contentType, body) = await HranaHttp.ReadAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/json", contentType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"The stream has expired due to inactivity","code":"STREAM_EXPIRED"}"""), JsonNode.Parse(body)), body);
        Assert.Equal(0, (await http.ExecuteAsync("SELECT count(*) FROM t")).Rows[0][0].Integer);

        // Over Protobuf the same error is a Protobuf Error.
        var second = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] }, protobuf: true);
        await Task.Delay(expiry * 3, TestContext.Current.CancellationToken);
        using var proto = await http.SendPipelineAsync(new HranaPipelineRequest { Baton = second.Baton, Requests = [] }, protobuf: true);
        var error = HranaProtobuf.DeserializeError(await proto.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, proto.StatusCode);
        Assert.Equal("STREAM_EXPIRED", error.Code);
    }

    [Fact]
    public async Task Batons_are_signed_per_process()
    {
        using var http = servers.OpenClient();
        var opened = await http.PipelineAsync(new HranaPipelineRequest { Requests = [] });
        await using var other = await LibsqlTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var otherHttp = new HranaHttp(other.Uri);

        using var foreign = await otherHttp.SendPipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [] });

        Assert.Equal(64, opened.Baton!.Length);
        Assert.Equal("Received an invalid baton", (await HranaHttp.ReadAsync(foreign)).Body);
        await http.PipelineAsync(new HranaPipelineRequest { Baton = opened.Baton, Requests = [new HranaCloseStreamRequest()] });
    }
}
