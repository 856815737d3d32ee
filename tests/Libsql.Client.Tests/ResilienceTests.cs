namespace Libsql.Client.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Read_only_statements_are_retried_with_backoff_and_writes_are_not()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        var ct = TestContext.Current.CancellationToken;

        server.Then(503).Then(502).ThenOneRow();
        var result = await client.ExecuteAsync("SELECT 1", cancellationToken: ct);
        Assert.Equal(1L, result.Rows[0].GetValue<long>(0));
        Assert.Equal(3, server.PostCount);

        server.Then(503);
        await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: ct));
        Assert.Equal(4, server.PostCount);

        server.Then(503);
        await Assert.ThrowsAsync<LibsqlException>(() => client.BatchAsync([new LibsqlStatement("SELECT 1")], cancellationToken: ct));
        Assert.Equal(5, server.PostCount);
    }

    // The README's transient failures: HTTP 429 and 504, sqld's STREAM_EXPIRED (HTTP 400), and a statement that failed
    // with SQLITE_BUSY or SQLITE_LOCKED inside a 200 pipeline response.
    [Theory]
    [InlineData(429, """{"error":"Too many requests"}""")]
    [InlineData(504, """{"error":"gateway timeout"}""")]
    [InlineData(400, """{"message":"The stream has expired due to inactivity","code":"STREAM_EXPIRED"}""")]
    [InlineData(200, """{"baton":null,"base_url":null,"results":[{"type":"error","error":{"message":"database is locked","code":"SQLITE_BUSY"}},{"type":"ok","response":{"type":"close"}}]}""")]
    [InlineData(200, """{"baton":null,"base_url":null,"results":[{"type":"error","error":{"message":"database table is locked","code":"SQLITE_LOCKED"}},{"type":"ok","response":{"type":"close"}}]}""")]
    public async Task A_read_is_retried_on_each_transient_failure_and_a_write_is_not(int status, string body)
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        var ct = TestContext.Current.CancellationToken;

        server.Then(status, body).ThenOneRow();
        Assert.Equal(1L, (await client.ExecuteAsync("SELECT 1", cancellationToken: ct)).Rows[0].GetValue<long>(0));
        Assert.Equal(2, server.PostCount);

        server.Then(status, body);
        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: ct));
        Assert.True(error.IsTransient, error.Message);
        Assert.Equal(3, server.PostCount);
    }

    [Fact]
    public async Task A_statement_error_that_is_not_transient_is_not_retried()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(200, """{"baton":null,"base_url":null,"results":[{"type":"error","error":{"message":"no such table: t","code":"SQLITE_UNKNOWN"}},{"type":"ok","response":{"type":"close"}}]}""");

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELECT * FROM t", cancellationToken: TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Equal(1, server.PostCount);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_even_for_reads()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(401);

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELECT 1", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(LibsqlErrorKind.Unauthorized, error.Kind);
        Assert.True(error.IsAuthError);
        Assert.Contains("scripted failure", error.Message, StringComparison.Ordinal);
        Assert.Contains("none is set", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.PostCount);
    }

    [Fact]
    public async Task Timeout_gives_a_timeout_error_and_caller_cancellation_an_OperationCanceledException()
    {
        await using var server = await FakeHranaServer.StartAsync();
        server.Delay = TimeSpan.FromSeconds(5);
        await using var client = new LibsqlClient(new LibsqlClientOptions
        {
            Endpoint = server.Uri,
            Protocol = LibsqlProtocol.Json,
            Timeout = TimeSpan.FromMilliseconds(200),
            MaxRetryAttempts = 0,
        });

        var timeout = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELECT 1", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(LibsqlErrorKind.Timeout, timeout.Kind);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync("INSERT INTO t VALUES (1)", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_network_error()
    {
        await using var client = new LibsqlClient(new LibsqlClientOptions { Endpoint = new Uri("http://127.0.0.1:1/"), MaxRetryAttempts = 1 });

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELECT 1", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(LibsqlErrorKind.Network, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}
