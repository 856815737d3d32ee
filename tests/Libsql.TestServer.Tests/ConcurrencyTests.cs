using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class ConcurrencyTests(SharedServers servers)
{
    [Fact]
    public async Task Hundred_concurrent_requests_of_readers_and_writers_all_succeed()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(id INTEGER PRIMARY KEY, v INTEGER)");

        var tasks = Enumerable.Range(0, 100).Select(i => i % 2 == 0
            ? http.ExecuteAsync($"INSERT INTO {table}(v) VALUES (?)", HranaValue.FromInteger(i))
            : http.ExecuteAsync($"SELECT count(*) FROM {table}"));
        var results = await Task.WhenAll(tasks);

        Assert.Equal(100, results.Length);
        Assert.Equal(50, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task A_writer_waits_for_another_streams_transaction_instead_of_failing()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a)");
        var holder = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN IMMEDIATE"), HranaHttp.Execute($"INSERT INTO {table} VALUES (1)")] });

        var waiting = http.ExecuteAsync($"INSERT INTO {table} VALUES (2)");
        // The window is what is under test: a server that did not wait would answer SQLITE_BUSY within it, ending the
        // wait early; the writer must still be waiting when it closes.
        var first = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken));
        Assert.NotSame(waiting, first);
        await http.PipelineAsync(new HranaPipelineRequest { Baton = holder.Baton, Requests = [HranaHttp.Execute("COMMIT"), new HranaCloseStreamRequest()] });
        await waiting;

        Assert.Equal(2, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_transaction_older_than_five_seconds_loses_its_lock_to_a_waiting_writer_and_then_times_out(bool readOnlyHolder)
    {
        var table = SharedServers.Table();
        using var writer = servers.SecuredClient();
        using var holderClient = servers.SecuredClient(readOnlyHolder ? Libsql.Auth.LibsqlTokenOptions.ReadOnlyAccess : null);
        await writer.ExecuteAsync($"CREATE TABLE {table}(a)");
        var holder = await holderClient.PipelineAsync(new HranaPipelineRequest
        {
            Requests = [HranaHttp.Execute(readOnlyHolder ? "BEGIN EXCLUSIVE" : "BEGIN IMMEDIATE"), HranaHttp.Execute(readOnlyHolder ? "SELECT 1" : $"INSERT INTO {table} VALUES (1)")],
        });

        // The waiting writer gets the lock once the holder's transaction is 5 s old (sqld's TXN_TIMEOUT).
        var started = System.Diagnostics.Stopwatch.StartNew();
        await writer.ExecuteAsync($"INSERT INTO {table} VALUES (2)");
        var waited = started.Elapsed;

        var next = await holderClient.PipelineAsync(new HranaPipelineRequest
        {
            Baton = holder.Baton,
            Requests = [HranaHttp.Execute("SELECT 1"), HranaHttp.Execute("SELECT 2"), new HranaGetAutocommitStreamRequest(), new HranaCloseStreamRequest()],
        });

        Assert.InRange(waited, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        var timedOut = Assert.IsType<HranaStreamResultError>(next.Results[0]).Error;
        Assert.Equal(("TRANSACTION_TIMEOUT", "Transaction timed out"), (timedOut.Code, timedOut.Message));
        Assert.Equal(2, HranaHttp.Ok<HranaExecuteStreamResponse>(next.Results[1]).Result.Rows[0][0].Integer);
        Assert.True(HranaHttp.Ok<HranaGetAutocommitStreamResponse>(next.Results[2]).IsAutocommit);
        Assert.Equal([2], (await writer.ExecuteAsync($"SELECT a FROM {table}")).Rows.Select(r => r[0].Integer));
    }

    [Fact]
    public async Task A_namespace_txn_timeout_s_sets_when_its_write_lock_may_be_stolen()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = "txn" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri })
        using (var created = await admin.PostAsync($"v1/namespaces/{ns}/create", new StringContent("""{"txn_timeout_s":1}""", System.Text.Encoding.UTF8, "application/json"), ct))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
        }

        var token = servers.Secured.MintToken();
        using var holder = new HranaHttp(servers.Secured.Uri, token, ns);
        using var writer = new HranaHttp(servers.Secured.Uri, token, ns);
        await writer.ExecuteAsync("CREATE TABLE t(a)");
        await holder.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN IMMEDIATE"), HranaHttp.Execute("INSERT INTO t VALUES (1)")] });

        // sqld's default would hold the writer off for 5 s; this namespace allows its transactions 1 s.
        var started = System.Diagnostics.Stopwatch.StartNew();
        await writer.ExecuteAsync("INSERT INTO t VALUES (2)");

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(4.5));
        Assert.Equal([2], (await writer.ExecuteAsync("SELECT a FROM t")).Rows.Select(r => r[0].Integer));
    }

    [Fact]
    public async Task A_statement_is_interrupted_when_its_request_is_aborted_and_releases_the_write_lock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LibsqlTestServer.StartAsync(cancellationToken: ct);
        using var http = new HranaHttp(server.Uri);
        await http.ExecuteAsync("CREATE TABLE t(a)");

        // Endless (WITH RECURSIVE without LIMIT) and holding the write lock: only an interrupt ends it.
        using var gaveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        gaveUp.CancelAfter(TimeSpan.FromMilliseconds(500));
        using var endless = new HttpClient { BaseAddress = server.Uri };
        var body = HranaJson.Serialize(new HranaPipelineRequest
        {
            Requests = [HranaHttp.Execute("INSERT INTO t SELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n)")],
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            endless.PostAsync("v3/pipeline", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }, gaveUp.Token));

        var insert = await http.ExecuteAsync("INSERT INTO t VALUES (1)");

        Assert.Equal(1, insert.AffectedRowCount);
        Assert.Equal(1, (await http.ExecuteAsync("SELECT count(*) FROM t")).Rows[0][0].Integer);
    }
}
