using System.Net;
using Libsql.TestServer.Hosting;

namespace Libsql.TestServer.Tests;

/// <summary>
/// How a request waits for one of SQLD_MAX_CONCURRENT_CONNECTIONS permits: without holding a thread, as sqld awaits
/// a tokio semaphore (HttpLimitsTests covers the 429s over HTTP).
/// </summary>
public sealed class ConnectionThrottleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_waiting_for_a_permit_returns_its_thread_and_gets_the_next_permit_freed()
    {
        using var throttle = new ConnectionThrottle(maxConnections: 1, maxWaitingRequests: 128);
        var held = await throttle.AcquireAsync("default", Ct);

        var waiting = throttle.AcquireAsync("default", Ct);
        Assert.False(waiting.IsCompleted);

        held.Dispose();
        using var next = await waiting;
    }

    [Fact]
    public async Task A_waiter_whose_request_is_aborted_stops_waiting_and_no_longer_counts()
    {
        // With 2 allowed waiters, one waiting request is the most there can be besides the one being refused.
        using var throttle = new ConnectionThrottle(maxConnections: 1, maxWaitingRequests: 2);
        using var held = await throttle.AcquireAsync("default", Ct);
        using var aborted = new CancellationTokenSource();

        var waiting = throttle.AcquireAsync("default", aborted.Token);
        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // Its place is free again: the next waiter times out after sqld's 1 s rather than being refused at once.
        var error = await Assert.ThrowsAsync<SqldHttpException>(() => throttle.AcquireAsync("default", Ct));
        Assert.Equal("Timed out while opening database connection", error.Message);
    }

    [Fact]
    public async Task The_thread_pool_keeps_a_thread_ready_per_possible_connection()
    {
        await using var server = await LibsqlTestServer.StartAsync(
            new ServerSettings { HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0), MaxConcurrentConnections = 200 },
            ownsSigningKey: false,
            Ct);

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= 200, $"{workers} worker threads kept ready for 200 connections");
    }
}
