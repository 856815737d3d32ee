using Libsql.Client.Hrana;
using Microsoft.Extensions.Logging.Abstractions;

namespace Libsql.Client.Tests;

/// <summary>LibsqlClientOptions.MaxConcurrentStreamOpens: requests that open a stream queue in the client.</summary>
public sealed class StreamOpenLimitTests
{
    private const string BeginResult =
        """{"baton":"b1","base_url":null,"results":[{"type":"ok","response":{"type":"execute","result":{"cols":[],"rows":[],"affected_row_count":0,"last_insert_rowid":null}}}]}""";

    // A statement inside a transaction is a one-step batch followed by get_autocommit (Hrana 3).
    private const string InTransactionResult =
        """{"baton":"b2","base_url":null,"results":[{"type":"ok","response":{"type":"batch","result":{"step_results":[{"cols":[],"rows":[],"affected_row_count":1,"last_insert_rowid":null}],"step_errors":[null]}}},{"type":"ok","response":{"type":"get_autocommit","is_autocommit":false}}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_that_open_streams_beyond_the_limit_wait_in_the_client_and_all_succeed()
    {
        await using var server = await FakeHranaServer.StartAsync();
        server.Delay = TimeSpan.FromMilliseconds(100);
        await using var client = new LibsqlClient(new LibsqlClientOptions { Endpoint = server.Uri, Protocol = LibsqlProtocol.Json, MaxConcurrentStreamOpens = 3 });

        // Writes: never retried, so each of the 12 is exactly one request.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: Ct)));

        Assert.Equal(12, server.PostCount);
        Assert.Equal(3, server.MaxInFlight);
    }

    [Fact]
    public async Task Zero_means_no_limit()
    {
        await using var server = await FakeHranaServer.StartAsync();
        server.Delay = TimeSpan.FromMilliseconds(300);
        await using var client = new LibsqlClient(new LibsqlClientOptions { Endpoint = server.Uri, Protocol = LibsqlProtocol.Json, MaxConcurrentStreamOpens = 0 });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: Ct)));

        Assert.True(server.MaxInFlight > 3, $"at most {server.MaxInFlight} requests were in flight together");
    }

    [Fact]
    public async Task A_transaction_continues_while_every_slot_is_taken()
    {
        await using var server = await FakeHranaServer.StartAsync();
        await using var client = new LibsqlClient(new LibsqlClientOptions { Endpoint = server.Uri, Protocol = LibsqlProtocol.Json, MaxConcurrentStreamOpens = 1 });
        server.Then(BeginResult);
        await using var transaction = await client.BeginTransactionAsync(cancellationToken: Ct);

        // The only slot goes to a statement the server holds, as sqld holds a BEGIN IMMEDIATE waiting for the lock
        // this transaction has.
        var release = new TaskCompletionSource();
        server.ThenHold(release.Task);
        var held = client.ExecuteAsync("UPDATE t SET a = 2", cancellationToken: Ct);
        await server.WaitForPostsAsync(2, Ct);

        server.Then(InTransactionResult);
        var inTransaction = await transaction.ExecuteAsync("UPDATE t SET a = 1", cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(1, inTransaction.RowsAffected);
        Assert.False(held.IsCompleted);

        release.SetResult();
        await held;
    }

    [Fact]
    public async Task A_request_that_times_out_waiting_for_a_slot_was_not_sent_and_is_not_ambiguous()
    {
        await using var server = await FakeHranaServer.StartAsync();
        using var transport = new HranaHttpTransport(
            new LibsqlClientOptions { Endpoint = server.Uri, Protocol = LibsqlProtocol.Json, MaxConcurrentStreamOpens = 1, Timeout = TimeSpan.FromSeconds(1) },
            null,
            NullLogger.Instance);
        static HranaPipelineRequest Batch() => new() { Requests = [new HranaBatchStreamRequest { Batch = new HranaBatch { Steps = [new HranaBatchStep { Stmt = new HranaStatement { Sql = "UPDATE t SET a = 1" } }] } }, new HranaCloseStreamRequest()] };

        // The only slot goes to a request the server holds; its own limit outlasts the queued request's timeout, so
        // the slot cannot free up in time.
        var release = new TaskCompletionSource();
        server.ThenHold(release.Task);
        var held = transport.PipelineAsync(Batch(), null, Ct, limit: TimeSpan.FromMinutes(1));
        await server.WaitForPostsAsync(1, Ct);

        var error = await Assert.ThrowsAsync<LibsqlException>(() => transport.PipelineAsync(Batch(), null, Ct));

        Assert.Equal(LibsqlErrorKind.Timeout, error.Kind);
        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentStreamOpens", error.Message, StringComparison.Ordinal);
        // An atomic batch or COMMIT that failed this way did not run: it must not read as "outcome unknown".
        Assert.False(LibsqlErrors.IsAmbiguous(error));
        Assert.Equal(1, server.PostCount);
        release.SetResult();
        await held;
    }

    [Fact]
    public void A_negative_limit_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LibsqlClient(new LibsqlClientOptions { Endpoint = new Uri("http://127.0.0.1:1/"), MaxConcurrentStreamOpens = -1 }));
        Assert.Equal("options", error.ParamName);
    }
}
