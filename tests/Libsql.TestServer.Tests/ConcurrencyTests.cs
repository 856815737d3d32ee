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
        var holder = await http.PipelineAsync(new PipelineRequest { Requests = [HranaHttp.Execute("BEGIN IMMEDIATE"), HranaHttp.Execute($"INSERT INTO {table} VALUES (1)")] });

        var waiting = http.ExecuteAsync($"INSERT INTO {table} VALUES (2)");
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await http.PipelineAsync(new PipelineRequest { Baton = holder.Baton, Requests = [HranaHttp.Execute("COMMIT"), new CloseStreamRequest()] });
        await waiting;

        Assert.Equal(2, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }
}
