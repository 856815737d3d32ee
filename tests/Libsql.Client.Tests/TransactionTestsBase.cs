namespace Libsql.Client.Tests;

/// <summary>
/// Interactive transactions as any libSQL server must run them: against the in-process test server and real sqld.
/// </summary>
public abstract class TransactionTestsBase(ILibsqlServerFixture fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(LibsqlClient Client, string Table)> SetUpAsync(LibsqlProtocol protocol = LibsqlProtocol.Auto)
    {
        var client = fixture.CreateClient(protocol);
        var table = TestServerFixture.NewTable();
        await client.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v TEXT UNIQUE)", cancellationToken: Ct);
        return (client, table);
    }

    private static async Task<long> CountAsync(LibsqlClient client, string table) =>
        (await client.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct)).Rows[0].GetValue<long>(0);

    [Theory]
    [InlineData(LibsqlProtocol.Protobuf)]
    [InlineData(LibsqlProtocol.Json)]
    [InlineData(LibsqlProtocol.JsonV2)]
    public async Task Commit_applies_and_is_invisible_before(LibsqlProtocol protocol)
    {
        var (client, table) = await SetUpAsync(protocol);
        await using var _ = client;

        await using var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES (?)", new object[] { "a" }, Ct);
        var inside = await transaction.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct);
        await transaction.CommitAsync(Ct);

        Assert.Equal(1L, inside.Rows[0].GetValue<long>(0));
        Assert.True(transaction.IsCompleted);
        Assert.Equal(1L, await CountAsync(client, table));
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.ExecuteAsync("SELECT 1", cancellationToken: Ct));
    }

    [Fact]
    public async Task Rollback_and_dispose_discard_changes()
    {
        var (client, table) = await SetUpAsync();
        await using var _ = client;

        var rolledBack = await client.BeginTransactionAsync(cancellationToken: Ct);
        await rolledBack.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('a')", cancellationToken: Ct);
        await rolledBack.RollbackAsync(Ct);

        await using (var disposed = await client.BeginTransactionAsync(LibsqlTransactionMode.Deferred, Ct))
        {
            await disposed.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('b')", cancellationToken: Ct);
        }

        Assert.Equal(0L, await CountAsync(client, table));
    }

    [Fact]
    public async Task A_failed_statement_leaves_the_transaction_usable()
    {
        var (client, table) = await SetUpAsync();
        await using var _ = client;

        await using var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('a')", cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<LibsqlException>(() => transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('a')", cancellationToken: Ct));
        Assert.False(await transaction.GetAutocommitAsync(Ct));
        await transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('b')", cancellationToken: Ct);
        await transaction.CommitAsync(Ct);

        Assert.Equal("SQLITE_CONSTRAINT", error.Code);
        Assert.Equal(2L, await CountAsync(client, table));
    }

    [Fact]
    public async Task Requests_on_one_transaction_are_serialized()
    {
        var (client, table) = await SetUpAsync();
        await using var _ = client;

        await using var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES (?)", new object[] { $"v{i}" }, Ct)));
        await transaction.CommitAsync(Ct);

        Assert.Equal(20L, await CountAsync(client, table));
    }

    [Fact]
    public async Task A_request_cancelled_before_it_is_sent_leaves_the_transaction_usable()
    {
        var (client, table) = await SetUpAsync();
        await using var _ = client;
        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('a')", cancellationToken: Ct);

        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transaction.ExecuteAsync("SELECT 1", cancellationToken: cancel.Token));

        // Cancelled before the request was sent: the baton is still valid and the transaction goes on.
        await transaction.CommitAsync(Ct);
        Assert.Equal(1L, await CountAsync(client, table));
    }

    [Fact]
    public async Task A_cancelled_request_releases_the_write_lock_without_waiting_for_stream_expiry()
    {
        var (client, table) = await SetUpAsync();
        await using var _ = client;
        await using var other = fixture.CreateClient();

        const string Slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT count(*) FROM c";
        var reference = System.Diagnostics.Stopwatch.StartNew();
        await other.ExecuteAsync(Slow, cancellationToken: Ct);
        var slow = reference.Elapsed;

        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('held')", cancellationToken: Ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transaction.ExecuteAsync(Slow, cancellationToken: cancel.Token));
        }

        // Another writer gets the lock once the slow statement ends. Left to the server, the stream (and the lock)
        // would stay until it expired, 10 s after that statement (sqld's and the test server's default).
        await other.ExecuteAsync($"INSERT INTO {table} (v) VALUES ('other')", cancellationToken: Ct);
        Assert.True(watch.Elapsed < slow + TimeSpan.FromSeconds(5), $"the write waited {watch.Elapsed.TotalSeconds:0.0} s for the lock; the statement takes {slow.TotalSeconds:0.0} s");
        Assert.Equal(1L, await CountAsync(client, table));
    }
}
