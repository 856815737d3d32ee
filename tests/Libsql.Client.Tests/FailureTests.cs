namespace Libsql.Client.Tests;

/// <summary>What the client says and does when responses are lost, requests are cancelled, or the server redirects.</summary>
public sealed class FailureTests
{
    // JSON written with single quotes for readability.
    private const string Empty = "{'cols':[],'rows':[],'affected_row_count':0,'last_insert_rowid':null}";

    private static readonly string Committed = Json("{'baton':null,'base_url':null,'results':[{'type':'ok','response':{'type':'execute','result':" + Empty + "}},{'type':'ok','response':{'type':'close'}}]}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    private static string Begin(string baton, string? baseUrl = null) => Json(
        "{'baton':'" + baton + "','base_url':" + (baseUrl is null ? "null" : "'" + baseUrl + "'") +
        ",'results':[{'type':'ok','response':{'type':'execute','result':" + Empty + "}}]}");

    private static string StatementInTransaction(string baton) => Json(
        "{'baton':'" + baton + "','base_url':null,'results':[{'type':'ok','response':{'type':'batch','result':{'step_results':[" + Empty +
        "],'step_errors':[null]}}},{'type':'ok','response':{'type':'get_autocommit','is_autocommit':false}}]}");

    [Fact]
    public async Task A_COMMIT_whose_response_is_lost_has_an_unknown_outcome_never_rolled_back()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(Begin("b1")).ThenAbort();

        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<LibsqlException>(() => transaction.CommitAsync(Ct));

        Assert.Equal(LibsqlErrorKind.OutcomeUnknown, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Contains("unknown", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rolled back", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("COMMIT", server.Bodies[^1], StringComparison.Ordinal);
        Assert.True(transaction.IsCompleted);
    }

    [Fact]
    public async Task An_atomic_batch_whose_response_is_lost_has_an_unknown_outcome()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.ThenAbort();

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.BatchAsync([new LibsqlStatement("INSERT INTO t VALUES (1)")], cancellationToken: Ct));
        Assert.Equal(LibsqlErrorKind.OutcomeUnknown, error.Kind);
        Assert.False(error.IsTransient);

        await using var connection = new LibsqlConnection($"Endpoint={server.Uri};Protocol=Json");
        await connection.OpenAsync(Ct);
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add(new LibsqlBatchCommand("INSERT INTO t VALUES (1)"));
        server.ThenAbort();
        Assert.Equal(LibsqlErrorKind.OutcomeUnknown, (await Assert.ThrowsAsync<LibsqlException>(() => batch.ExecuteNonQueryAsync(Ct))).Kind);
    }

    [Fact]
    public async Task A_batch_that_never_reached_the_server_is_a_plain_network_error()
    {
        await using var client = new LibsqlClient("Endpoint=http://127.0.0.1:1;Protocol=Json");

        var error = await Assert.ThrowsAsync<LibsqlException>(() => client.BatchAsync([new LibsqlStatement("INSERT INTO t VALUES (1)")], cancellationToken: Ct));

        Assert.Equal(LibsqlErrorKind.Network, error.Kind);
    }

    [Fact]
    public async Task A_cancelled_request_in_a_transaction_is_rolled_back_with_the_baton_it_returns()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(Begin("b1")).Then(StatementInTransaction("b2")).Then(Committed);
        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);

        server.Delay = TimeSpan.FromMilliseconds(500);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transaction.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: cancel.Token));
        Assert.True(transaction.IsCompleted);

        // The statement finishes on the server; the client then rolls back with the baton it got back.
        await server.WaitForPostsAsync(3, Ct);
        Assert.Equal(3, server.PostCount);
        Assert.Contains("\"b2\"", server.Bodies[2], StringComparison.Ordinal);
        Assert.Contains("ROLLBACK", server.Bodies[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_request_in_a_transaction_is_rolled_back_once_it_completes()
    {
        await using var server = await FakeHranaServer.StartAsync();
        var options = LibsqlClientOptions.Parse($"Endpoint={server.Uri};Protocol=Json");
        options.Timeout = TimeSpan.FromSeconds(1);
        await using var client = new LibsqlClient(options);
        server.Then(Begin("b1")).Then(StatementInTransaction("b2")).Then(Committed);
        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);

        server.Delay = TimeSpan.FromSeconds(2);
        var error = await Assert.ThrowsAsync<LibsqlException>(() => transaction.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: Ct));
        Assert.Equal(LibsqlErrorKind.Timeout, error.Kind);

        await server.WaitForPostsAsync(3, Ct);
        Assert.Equal(3, server.PostCount);
        Assert.Contains("\"b2\"", server.Bodies[2], StringComparison.Ordinal);
        Assert.Contains("ROLLBACK", server.Bodies[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/")]
    [InlineData("https://{host}/")]
    [InlineData("http://user:secret@{host}/")]
    public async Task A_base_url_outside_the_endpoints_origin_is_not_followed(string baseUrl)
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(Begin("b1", baseUrl.Replace("{host}", server.Uri.Authority, StringComparison.Ordinal))).Then(Committed);

        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.CommitAsync(Ct);

        Assert.Equal(2, server.PostCount);
        Assert.StartsWith("/v3/pipeline", server.Bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_url_within_the_endpoints_origin_is_followed()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient($"Endpoint={server.Uri};Protocol=Json");
        server.Then(Begin("b1", new Uri(server.Uri, "pinned/").ToString())).Then(Committed);

        var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);
        await transaction.CommitAsync(Ct);

        Assert.StartsWith("/pinned/v3/pipeline", server.Bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_string_client_cache_is_bounded_and_disposes_evicted_clients_once_unused()
    {
        var cache = new LibsqlClientCache(2);
        var first = cache.Acquire("Endpoint=http://127.0.0.1:1");
        var second = cache.Acquire("Endpoint=http://127.0.0.2:1");
        cache.Release(second);
        var third = cache.Acquire("Endpoint=http://127.0.0.3:1");

        // The least recently used entry (first) is evicted but still leased: it stays usable until released.
        Assert.Equal(2, cache.Count);
        Assert.Same(second.Client, cache.Acquire("Endpoint=http://127.0.0.2:1").Client);
        _ = first.Client.ToString();
        cache.Release(first);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.Client.GetProtocolAsync(Ct));
        Assert.NotSame(first.Client, cache.Acquire("Endpoint=http://127.0.0.1:1").Client);
        cache.Release(third);
    }
}
