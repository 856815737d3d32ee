using Aspire.Hosting.Testing;
using Libsql.LoadBench;

namespace AppHost.Tests;

/// <summary>
/// The correctness half of bench/Libsql.LoadBench (the same driver, untimed): 1,000 concurrent clients against
/// SampleApi through the AppHost's own wiring (its connection string, its token, auth on).
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class LoadTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private const int Clients = 1000;

    [Fact]
    public async Task A_thousand_concurrent_clients_get_no_error_and_every_acknowledged_write_holds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = SampleApiLoad.CreateHttpClient(fixture.App.GetEndpoint("api", "http"), Clients);
        var load = await SampleApiLoad.PrepareAsync(http, $"load-{Guid.NewGuid():N}"[..16], ct);

        var run = await load.RunAsync(Clients, TimeSpan.FromSeconds(5), ct);
        var verification = await load.VerifyAsync(ct);

        Assert.True(run.ErrorCount == 0, string.Join('\n', run.Errors.Select(e => $"{e.Key} x{e.Value}: {run.ErrorSamples[e.Key]}")));
        Assert.True(verification.Problems.Count == 0, string.Join('\n', verification.Problems.Take(20)));
        Assert.True(run.Requests >= Clients, $"{run.Requests} requests from {Clients} clients");
        Assert.True(run.AcknowledgedCreates > 0 && run.AcknowledgedUpdates > 0 && run.AcknowledgedMoves > 0, $"{run.AcknowledgedCreates} creates, {run.AcknowledgedUpdates} updates, {run.AcknowledgedMoves} moves acknowledged");
        Assert.Equal(run.AcknowledgedCreates, verification.NotesReadBack);
    }
}
