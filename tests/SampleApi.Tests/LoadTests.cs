using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SampleApi.Notes;

namespace SampleApi.Tests;

/// <summary>1,000 mixed requests (70% reads, 30% writes) through the in-memory host against the test server.</summary>
public sealed class LoadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Requests = 1_000;
    private const int Concurrency = 32;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => api.Client;

    [Fact]
    public async Task Mixed_load_has_no_errors_every_write_is_readable_and_no_count_drifts()
    {
        var folders = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            folders.Add((await Client.CreateFolderAsync()).Id);
        }

        var random = new Random(2026);
        var plan = Enumerable.Range(0, Requests).Select(i => (Index: i, Roll: random.Next(100), Seed: random.Next())).ToList();

        // Seeded notes: one per planned update, each updated exactly once (so its final text is known), and a
        // set that concurrent moves shuffle between folders.
        var toUpdate = new ConcurrentQueue<Note>();
        var movable = new List<long>();
        var seeded = plan.Count(step => step.Roll is >= 80 and < 90) + 30;
        for (var i = 0; i < seeded; i++)
        {
            var note = await Client.CreateNoteAsync(folders[i % folders.Count]);
            if (i < 30)
            {
                movable.Add(note.Id);
            }
            else
            {
                toUpdate.Enqueue(note);
            }
        }

        var created = new ConcurrentDictionary<long, NoteRequest>();
        var updated = new ConcurrentDictionary<long, NoteRequest>();
        var failures = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<double>();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = Ct }, async (step, ct) =>
        {
            var pick = new Random(step.Seed);
            var folder = folders[pick.Next(folders.Count)];
            var started = Stopwatch.GetTimestamp();
            using var response = step.Roll switch
            {
                < 25 => await Client.GetAsync($"/notes/{movable[pick.Next(movable.Count)]}", ct),
                < 50 => await Client.GetAsync($"/folders/{folder}/notes?limit={pick.Next(1, 30)}", ct),
                < 70 => await Client.GetAsync($"/folders/{folder}", ct),
                < 80 => await CreateAsync(folder, step.Index, created, ct),
                < 90 => await UpdateAsync(toUpdate, step.Index, updated, ct),
                _ => await Client.MoveAsync(folders[pick.Next(folders.Count)], [.. movable.OrderBy(_ => pick.Next()).Take(pick.Next(1, 4))]),
            };
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        clock.Stop();

        var sorted = latencies.Order().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Requests} requests, concurrency {Concurrency}: {clock.Elapsed.TotalSeconds:F1} s, {Requests / clock.Elapsed.TotalSeconds:F0} req/s, " +
            $"p50 {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms, max {sorted[^1]:F1} ms");
        Assert.Equal(Requests, latencies.Count);
        Assert.Empty(failures);

        foreach (var (id, request) in created.Concat(updated))
        {
            var note = await Client.GetNoteAsync(id);
            Assert.Equal((request.Title, request.Body), (note.Title, note.Body));
        }

        var total = 0L;
        foreach (var folder in folders)
        {
            var listed = await Client.ListAllNotesAsync(folder);
            Assert.Equal(listed.Count, (await Client.GetFolderAsync(folder)).NoteCount);
            total += listed.Count;
        }

        Assert.Equal(seeded + created.Count, total);
        Assert.NotEmpty(created);
        Assert.NotEmpty(updated);
    }

    private async Task<HttpResponseMessage> CreateAsync(long folder, int index, ConcurrentDictionary<long, NoteRequest> created, CancellationToken ct)
    {
        var request = new NoteRequest { Title = $"load-{index}", Body = Guid.NewGuid().ToString() };
        var response = await Client.PostAsJsonAsync($"/folders/{folder}/notes", request, Api.Json.NoteRequest, ct);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            // Buffered content stays readable after this read.
            var note = (await response.Content.ReadFromJsonAsync(Api.Json.Note, ct))!;
            created[note.Id] = request;
        }

        return response;
    }

    private async Task<HttpResponseMessage> UpdateAsync(ConcurrentQueue<Note> toUpdate, int index, ConcurrentDictionary<long, NoteRequest> updated, CancellationToken ct)
    {
        Assert.True(toUpdate.TryDequeue(out var note), "the plan has more updates than seeded notes");
        var request = new NoteRequest { Title = note.Title, Body = $"updated {index}" };
        var response = await Client.PutAsJsonAsync($"/notes/{note.Id}", request, Api.Json.NoteRequest, ct);
        if (response.IsSuccessStatusCode)
        {
            updated[note.Id] = request;
        }

        return response;
    }
}
