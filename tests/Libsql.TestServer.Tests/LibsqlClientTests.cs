using Libsql.Client;

namespace Libsql.TestServer.Tests;

/// <summary>The README's in-process example, with this repository's own client.</summary>
public sealed class LibsqlClientTests
{
    [Fact]
    public async Task Readme_example_runs_with_Libsql_Client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LibsqlTestServer.StartAsync(new() { EnableAuth = true }, ct);
        await using var client = new LibsqlClient(server.ConnectionString);
        await client.ExecuteAsync("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)", cancellationToken: ct);
        await client.ExecuteAsync("INSERT INTO notes(body) VALUES (?)", new object?[] { "hello" }, ct);
        var rows = await client.ExecuteAsync("SELECT id, body FROM notes", cancellationToken: ct);

        Assert.Equal("hello", rows.Rows[0].GetValue<string>("body"));
        Assert.Equal(1L, rows.Rows[0].GetValue<long>(0));
    }

    [Fact]
    public async Task Transactions_and_batches_through_Libsql_Client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LibsqlTestServer.StartAsync(cancellationToken: ct);
        await using var client = new LibsqlClient(server.ConnectionString);
        await client.ExecuteAsync("CREATE TABLE t(a INTEGER NOT NULL)", cancellationToken: ct);

        await using (var tx = await client.BeginTransactionAsync(LibsqlTransactionMode.Write, ct))
        {
            await tx.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: ct);
            await tx.CommitAsync(ct);
        }

        await Assert.ThrowsAsync<LibsqlException>(() => client.BatchAsync(
            [new LibsqlStatement("INSERT INTO t VALUES (2)"), new LibsqlStatement("INSERT INTO t VALUES (NULL)")], LibsqlTransactionMode.Write, ct));
        var count = await client.ExecuteAsync("SELECT count(*) FROM t", cancellationToken: ct);

        Assert.Equal(1L, count.Rows[0].GetValue<long>(0));
    }
}
