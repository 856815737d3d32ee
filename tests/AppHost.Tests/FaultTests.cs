using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

/// <summary>
/// sqld failing under SampleApi, end to end through the AppHost (sqld as a local process): killed with SIGKILL in the
/// middle of SampleApi's write transactions, restarted with the dashboard's command under load, and left holding a transaction by
/// a client that vanished. Each test starts its own AppHost: it breaks the database on purpose.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class FaultTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqld_killed_mid_write_commits_nothing_partial_and_SampleApi_answers_503_then_200_without_a_restart()
    {
        var dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-kill-");
        try
        {
            await using var app = await AppHostRunner.StartAsync(dataRoot.FullName, Token);
            await KillMidMoveAndRecoverAsync(app, "local process", async () =>
            {
                using var sqld = Process.GetProcessById(Pid(app, "db"));
                sqld.Kill(); // SIGKILL on Unix: no shutdown, no checkpoint.
                await sqld.WaitForExitAsync(Token);
            });
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Runs two movers through SampleApi, calls <paramref name="kill"/> (a SIGKILL of sqld) while they run, checks the
    /// 503s while sqld is down, starts the db resource with its <c>start</c> command, and checks that SampleApi (not
    /// restarted) answers 200 again and that no move was half applied. Shared with the container-mode test; the
    /// figures go to the test output under <paramref name="mode"/>.
    /// </summary>
    internal static async Task KillMidMoveAndRecoverAsync(DistributedApplication app, string mode, Func<Task> kill)
    {
        // Longer than SampleApi waits for a dead sqld (its 10 s database timeout, four times for a retried read):
        // under DCP the endpoint is a proxy that holds the connection open, so nothing is refused at once.
        using var api = app.Client("api", TimeSpan.FromMinutes(2));
        var db = await app.ConnectionStringAsync("db", Token);
        var apiPid = Pid(app, "api");

        // Two movers, each shuttling its 100 notes (the most one move takes) between two folders: a hundred
        // UPDATEs and the recounts in one interactive transaction per request.
        var movers = new List<(long A, long B, long[] Notes)>();
        for (var m = 0; m < 2; m++)
        {
            var a = await CreateFolderAsync(api);
            var b = await CreateFolderAsync(api);
            var notes = new long[100];
            for (var i = 0; i < notes.Length; i++)
            {
                notes[i] = await CreateNoteAsync(api, a);
            }

            movers.Add((a, b, notes));
        }

        using var stop = new CancellationTokenSource();
        var moves = 0;
        var failures = new ConcurrentQueue<string>();
        var loops = movers.Select(mover => Task.Run(async () =>
        {
            var target = mover.B;
            while (!stop.IsCancellationRequested)
            {
                using var response = await api.PostAsJsonAsync("/notes/move", new { folderId = target, noteIds = mover.Notes }, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref moves);
                    target = target == mover.A ? mover.B : mover.A;
                }
                else
                {
                    failures.Enqueue($"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        })).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref moves) >= 4, TimeSpan.FromSeconds(60), "the movers never got going");

        // Each move holds the write lock for a hundred-odd statements and the two movers take turns, so the kill all
        // but surely lands inside a move's transaction (the test cannot pin the instant from outside); the moves in
        // flight fail, and whatever the instant, no move may be half applied after.
        await kill();

        var downSince = Stopwatch.StartNew();
        await WaitUntilAsync(() => !failures.IsEmpty, TimeSpan.FromSeconds(90), "no move failed after the kill");
        var firstFailure = downSince.Elapsed;
        var answered = Stopwatch.StartNew();
        using (var read = await api.GetAsync($"/folders/{movers[0].A}", Token))
        using (var write = await api.PostAsJsonAsync("/folders", new { name = $"while-down-{Guid.NewGuid():N}" }, Token))
        {
            foreach (var response in new[] { read, write })
            {
                await AssertUnavailableAsync(response);
            }
        }

        var whileDown = answered.Elapsed;

        await app.ResourceNotifications.WaitForResourceAsync("db", KnownResourceStates.TerminalStates, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        var started = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("db"), KnownResourceCommands.StartCommand, Token);
        Assert.True(started.Success, started.Message);
        await WaitForOkAsync(api, $"/folders/{movers[0].A}", TimeSpan.FromSeconds(60));
        var down = downSince.Elapsed;

        var movesBefore = Volatile.Read(ref moves);
        await WaitUntilAsync(() => Volatile.Read(ref moves) >= movesBefore + 2, TimeSpan.FromSeconds(60), "the movers did not resume");
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.Equal(apiPid, Pid(app, "api"));
        Assert.All(failures, failure => Assert.Equal("503 application/problem+json", failure));
        Assert.Equal("0", await ScalarAsync(db, "SELECT count(*) FROM folders f WHERE note_count <> (SELECT count(*) FROM notes n WHERE n.folder_id = f.id)"));
        foreach (var (a, b, notes) in movers)
        {
            // All of a mover's notes in one of its two folders: no move was half applied.
            var where = $"id IN ({string.Join(',', notes)})";
            Assert.Equal("1 100", await ScalarAsync(db, $"SELECT count(DISTINCT folder_id) || ' ' || count(*) FROM notes WHERE {where} AND folder_id IN ({a}, {b})"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SIGKILL ({mode}): first failed move {firstFailure.TotalSeconds:0.0} s after the kill; a read and a write while down answered 503 in {whileDown.TotalSeconds:0.0} s; " +
            $"503 for {down.TotalSeconds:0.0} s in all (kill to first 200 after the start command); {failures.Count} failed moves, {moves} moves done."));
    }

    [Fact]
    public async Task A_restart_from_the_dashboard_under_load_fails_only_inside_its_window_with_503s_and_loses_nothing()
    {
        const int Clients = 50;
        var dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-restart-load-");
        try
        {
            await using var app = await AppHostRunner.StartAsync(dataRoot.FullName, Token);
            using var api = app.Client("api");
            var db = await app.ConnectionStringAsync("db", Token);
            var folder = await CreateFolderAsync(api);

            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var acknowledged = new ConcurrentQueue<(TimeSpan At, long Id)>();
            var failures = new ConcurrentQueue<(TimeSpan At, string What)>();
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    using var response = await api.PostAsJsonAsync($"/folders/{folder}/notes", new { title = $"load-{client}-{n}", body = "x" }, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Enqueue((clock.Elapsed, (long)(await response.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["id"]!));
                    }
                    else
                    {
                        var retryAfter = response.Headers.RetryAfter is null ? "no Retry-After" : "Retry-After";
                        failures.Enqueue((clock.Elapsed, $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {retryAfter}"));
                        await Task.Delay(50, CancellationToken.None);
                    }
                }
            })).ToList();

            await WaitUntilAsync(() => acknowledged.Count >= Clients, TimeSpan.FromSeconds(60), "the load never got going");
            var restartAt = clock.Elapsed;
            var restarted = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("db"), KnownResourceCommands.RestartCommand, Token);
            var restartReturnedAt = clock.Elapsed;
            Assert.True(restarted.Success, restarted.Message);

            // Keep the load on until writes have been acknowledged again for a while.
            await WaitUntilAsync(
                () => acknowledged.Count(a => a.At > restartReturnedAt) >= Clients && (failures.IsEmpty || clock.Elapsed - failures.Max(f => f.At) > TimeSpan.FromSeconds(3)),
                TimeSpan.FromSeconds(90),
                "writes did not recover after the restart");
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            Assert.All(failures, failure =>
            {
                Assert.Equal("503 application/problem+json Retry-After", failure.What);
                Assert.True(failure.At >= restartAt, $"a failure at {failure.At} before the restart at {restartAt}");
            });
            var stored = (await ScalarAsync(db, $"SELECT group_concat(id) FROM notes WHERE folder_id = {folder}") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToHashSet();
            Assert.All(acknowledged, a => Assert.Contains(a.Id, stored));
            Assert.Equal(stored.Count.ToString(CultureInfo.InvariantCulture), await ScalarAsync(db, $"SELECT note_count FROM folders WHERE id = {folder}"));

            var window = failures.IsEmpty ? TimeSpan.Zero : failures.Max(f => f.At) - failures.Min(f => f.At);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Restart under load ({Clients} clients): command took {(restartReturnedAt - restartAt).TotalSeconds:0.0} s; " +
                $"{failures.Count} failed requests, all 503, from {(failures.IsEmpty ? 0 : (failures.Min(f => f.At) - restartAt).TotalSeconds):0.0} s " +
                $"to {(failures.IsEmpty ? 0 : (failures.Max(f => f.At) - restartAt).TotalSeconds):0.0} s after the command (window {window.TotalSeconds:0.0} s); " +
                $"{acknowledged.Count} notes acknowledged, all stored."));
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_transaction_stalls_SampleApi_writers_only_until_sqld_takes_the_lock_back()
    {
        var dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-abandoned-");
        try
        {
            await using var app = await AppHostRunner.StartAsync(dataRoot.FullName, Token);
            using var api = app.Client("api");
            var db = await app.ConnectionStringAsync("db", Token);
            var abandoned = $"abandoned-{Guid.NewGuid():N}";

            await Hrana.LeaveOpenAsync(new Uri(db["Endpoint"]), db["AuthToken"], ["BEGIN IMMEDIATE", $"INSERT INTO folders (name) VALUES ('{abandoned}')"], Token);
            var clock = Stopwatch.StartNew();
            using var created = await api.PostAsJsonAsync("/folders", new { name = $"after-{Guid.NewGuid():N}" }, Token);
            var stalled = clock.Elapsed;

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            // sqld rolls back a write transaction older than txn_timeout_s (5 s) when another writer waits: the writer
            // waited for that, and not much longer.
            Assert.True(stalled >= TimeSpan.FromSeconds(3), $"the writer did not wait for the abandoned transaction ({stalled})");
            Assert.True(stalled < TimeSpan.FromSeconds(15), $"the writer stalled {stalled}");
            Assert.Equal("0", await ScalarAsync(db, $"SELECT count(*) FROM folders WHERE name = '{abandoned}'"));
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Abandoned transaction: the next SampleApi write took {stalled.TotalSeconds:0.0} s."));
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static int Pid(DistributedApplication app, string resourceName)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resourceName, out var state), resourceName);
        var pid = state.Snapshot.Properties.SingleOrDefault(p => p.Name == "executable.pid")?.Value;
        Assert.NotNull(pid);
        return Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }

    private static async Task<long> CreateFolderAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync("/folders", new { name = $"fault-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;
    }

    private static async Task<long> CreateNoteAsync(HttpClient api, long folderId)
    {
        using var response = await api.PostAsJsonAsync($"/folders/{folderId}/notes", new { title = $"note-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Database unavailable", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["title"]);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static async Task WaitForOkAsync(HttpClient api, string path, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await api.GetAsync(path, Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await AssertUnavailableAsync(response);
            Assert.True(clock.Elapsed < limit, $"{path} still {(int)response.StatusCode} after {limit}");
            await Task.Delay(200, Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"{failure} within {limit}");
            await Task.Delay(50, Token);
        }
    }

    /// <summary>One value read with the server's own full-access token, not through SampleApi.</summary>
    private static async Task<string?> ScalarAsync(Dictionary<string, string> db, string sql)
    {
        var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], null, sql, Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Hrana.StatementSucceeded(body), body?.ToJsonString());
        return Hrana.FirstValue(body);
    }
}
