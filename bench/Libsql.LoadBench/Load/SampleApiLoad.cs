using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Libsql.LoadBench;

/// <summary>
/// Mixed reads and writes against a running SampleApi from many concurrent request loops, then the checks that make
/// the run mean something: every acknowledged write reads back, every folder's note_count equals its notes, every
/// note sits in exactly one folder, and a moved note sits where the last acknowledged move put it (no lost update).
/// Each instance owns its folders and notes (named after its tag), so runs on one database do not see each other.
/// </summary>
internal sealed class SampleApiLoad
{
    private const int FolderCount = 16;
    private const int MovingNoteCount = 200;

    // The mix, in percent: 60 reads, 40 writes (20 creates, 10 updates, 10 moves).
    private const int ReadNoteBelow = 25;
    private const int ListNotesBelow = 45;
    private const int ReadFolderBelow = 60;
    private const int CreateNoteBelow = 80;
    private const int UpdateNoteBelow = 90;

    private readonly HttpClient _http;
    private readonly string _tag;
    private readonly List<long> _folders = [];
    private readonly List<long> _movingNotes = [];
    private readonly Dictionary<long, long> _initialFolder = [];
    private readonly ConcurrentBag<OwnNote> _created = [];
    private readonly ConcurrentBag<Move> _moves = [];

    private SampleApiLoad(HttpClient http, string tag)
    {
        _http = http;
        _tag = tag;
    }

    /// <summary>
    /// A client for SampleApi that opens as many connections as there are request loops (HTTP/1.1: one request per
    /// connection), so the loops never queue in the client.
    /// </summary>
    /// <param name="baseAddress">SampleApi's endpoint.</param>
    /// <param name="maxConnections">At least the number of concurrent request loops.</param>
    /// <returns>A client the caller disposes.</returns>
    public static HttpClient CreateHttpClient(Uri baseAddress, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Creates this run's folders and the shared notes the moves shuffle between them.</summary>
    /// <param name="http">A client on SampleApi.</param>
    /// <param name="tag">Unique per run: names its folders and notes.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    /// <returns>The prepared load.</returns>
    public static async Task<SampleApiLoad> PrepareAsync(HttpClient http, string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var load = new SampleApiLoad(http, tag);
        for (var i = 0; i < FolderCount; i++)
        {
            using var response = await http.PostAsJsonAsync("/folders", new { name = $"{tag}-folder-{i}" }, cancellationToken);
            load._folders.Add(await IdAsync(response, HttpStatusCode.Created, cancellationToken));
        }

        for (var i = 0; i < MovingNoteCount; i++)
        {
            var folder = load._folders[i % FolderCount];
            using var response = await http.PostAsJsonAsync($"/folders/{folder}/notes", new { title = $"{tag}-moving-{i}", body = "moves" }, cancellationToken);
            var id = await IdAsync(response, HttpStatusCode.Created, cancellationToken);
            load._movingNotes.Add(id);
            load._initialFolder[id] = folder;
        }

        return load;
    }

    /// <summary>
    /// Runs <paramref name="clients"/> request loops until <paramref name="duration"/> has passed; requests in flight
    /// at the deadline are waited for, never cancelled (a cancelled write would have an unknown outcome).
    /// </summary>
    /// <param name="clients">Concurrent request loops, each with one request in flight at a time.</param>
    /// <param name="duration">How long new requests are started.</param>
    /// <param name="cancellationToken">Aborts the run.</param>
    /// <returns>Latencies, errors and acknowledged writes.</returns>
    public async Task<LoadRunResult> RunAsync(int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        var errors = new ConcurrentDictionary<string, int>();
        var samples = new ConcurrentDictionary<string, string>();
        var perClient = new Dictionary<LoadOperation, List<double>>[clients];
        var counts = new int[3];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();

        // Every loop starts at once (not Parallel.ForEachAsync's gradual ramp): 1,000 clients means 1,000 in flight.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(
            async () => perClient[client] = await ClientLoopAsync(client, deadline, errors, samples, counts, cancellationToken),
            cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var latencies = Enum.GetValues<LoadOperation>().ToDictionary(
            operation => operation,
            operation => perClient.SelectMany(c => c.TryGetValue(operation, out var list) ? list : []).Order().ToArray());
        return new LoadRunResult(clients, elapsed, latencies, errors, samples, counts[0], counts[1], counts[2]);
    }

    /// <summary>Checks, through the API, that the data agrees with every acknowledged write of the runs so far.</summary>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>What was checked and every problem found.</returns>
    public async Task<LoadVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var readBackProblems = new ConcurrentBag<string>();

        // Each acknowledged note: its last acknowledged title and body, in the folder it was created in.
        var created = _created.ToList();
        await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (note, ct) =>
        {
            using var response = await _http.GetAsync($"/notes/{note.Id}", ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                readBackProblems.Add($"acknowledged note {note.Id} reads back as {(int)response.StatusCode}");
                return;
            }

            var read = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
            if ((string?)read["title"] != note.Title || (string?)read["body"] != note.Body || (long)read["folderId"]! != note.FolderId)
            {
                readBackProblems.Add($"note {note.Id} reads back as '{read["title"]}'/'{read["body"]}' in folder {read["folderId"]}, acknowledged as '{note.Title}'/'{note.Body}' in folder {note.FolderId}");
            }
        });

        var problems = readBackProblems.ToList();

        // Each folder: its note_count equals the notes listed in it; each note is listed in exactly one folder.
        var folderOf = new Dictionary<long, long>();
        foreach (var folder in _folders)
        {
            var listed = await ListAllAsync(folder, cancellationToken);
            using var response = await _http.GetAsync($"/folders/{folder}", cancellationToken);
            var noteCount = (long)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["noteCount"]!;
            if (noteCount != listed.Count)
            {
                problems.Add($"folder {folder} counts {noteCount} notes but holds {listed.Count}");
            }

            foreach (var id in listed)
            {
                if (!folderOf.TryAdd(id, folder))
                {
                    problems.Add($"note {id} is listed in folders {folderOf[id]} and {folder}");
                }
            }
        }

        var expected = created.Select(n => n.Id).Concat(_movingNotes).ToHashSet();
        problems.AddRange(expected.Where(id => !folderOf.ContainsKey(id)).Select(id => $"acknowledged note {id} is in no folder"));
        problems.AddRange(folderOf.Keys.Where(id => !expected.Contains(id)).Select(id => $"note {id} was never acknowledged but is in folder {folderOf[id]}"));

        // A moved note is where some move left it that no later acknowledged move of it followed: a move that began
        // after another's response ran after it, so only moves not followed that way can have been the last.
        var movesOf = _moves.SelectMany(m => m.NoteIds.Select(id => (Id: id, Move: m))).ToLookup(x => x.Id, x => x.Move);
        foreach (var id in _movingNotes.Where(folderOf.ContainsKey))
        {
            var moves = movesOf[id].ToList();
            var candidates = moves.Count == 0
                ? [_initialFolder[id]]
                : moves.Where(m => !moves.Any(later => later.Sent > m.Acknowledged)).Select(m => m.Target).ToHashSet();
            if (!candidates.Contains(folderOf[id]))
            {
                problems.Add($"moved note {id} is in folder {folderOf[id]}; its last acknowledged moves went to {string.Join(" or ", candidates)}");
            }
        }

        return new LoadVerification(created.Count, _folders.Count, _movingNotes.Count, [.. problems]);
    }

    private async Task<Dictionary<LoadOperation, List<double>>> ClientLoopAsync(
        int client, long deadline, ConcurrentDictionary<string, int> errors, ConcurrentDictionary<string, string> samples, int[] counts, CancellationToken cancellationToken)
    {
        var random = new Random(client);
        var latencies = Enum.GetValues<LoadOperation>().ToDictionary(o => o, _ => new List<double>());
        var own = new List<OwnNote>();
        for (var sequence = 0; Stopwatch.GetTimestamp() < deadline; sequence++)
        {
            var roll = random.Next(100);
            var operation = roll switch
            {
                < ReadNoteBelow => LoadOperation.ReadNote,
                < ListNotesBelow => LoadOperation.ListNotes,
                < ReadFolderBelow => LoadOperation.ReadFolder,
                < CreateNoteBelow => LoadOperation.CreateNote,
                < UpdateNoteBelow when own.Count > 0 => LoadOperation.UpdateNote,
                < UpdateNoteBelow => LoadOperation.CreateNote,
                _ => LoadOperation.MoveNotes,
            };
            var folder = _folders[random.Next(_folders.Count)];
            var started = Stopwatch.GetTimestamp();
            string? failure;
            try
            {
                failure = operation switch
                {
                    LoadOperation.ReadNote => await ReadNoteAsync(own.Count > 0 && random.Next(2) == 0 ? own[random.Next(own.Count)] : null, random, cancellationToken),
                    LoadOperation.ListNotes => await ExpectAsync(_http.GetAsync($"/folders/{folder}/notes?limit={random.Next(1, 51)}", cancellationToken), HttpStatusCode.OK, cancellationToken),
                    LoadOperation.ReadFolder => await ExpectAsync(_http.GetAsync($"/folders/{folder}", cancellationToken), HttpStatusCode.OK, cancellationToken),
                    LoadOperation.CreateNote => await CreateNoteAsync(folder, $"{_tag}-c{client}-{sequence}", own, counts, cancellationToken),
                    LoadOperation.UpdateNote => await UpdateNoteAsync(own, random.Next(own.Count), sequence, counts, cancellationToken),
                    _ => await MoveAsync(folder, random, started, counts, cancellationToken),
                };
            }
            catch (HttpRequestException e)
            {
                failure = $"{e.GetType().Name} ({e.HttpRequestError})|{e.Message}";
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timeout|{e.Message}";
            }

            latencies[operation].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (failure is not null)
            {
                var parts = failure.Split('|', 2);
                var key = $"{operation}: {parts[0]}";
                errors.AddOrUpdate(key, 1, (_, n) => n + 1);
                samples.TryAdd(key, parts.Length > 1 ? parts[1] : "");
            }
        }

        foreach (var note in own)
        {
            _created.Add(note);
        }

        return latencies;
    }

    private async Task<string?> ReadNoteAsync(OwnNote? own, Random random, CancellationToken cancellationToken)
    {
        var id = own?.Id ?? _movingNotes[random.Next(_movingNotes.Count)];
        using var response = await _http.GetAsync($"/notes/{id}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return await FailureAsync(response, cancellationToken);
        }

        var read = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return own is null || (string?)read["body"] == own.Body
            ? null
            : $"stale read|note {id} read '{read["body"]}' after '{own.Body}' was acknowledged";
    }

    private async Task<string?> CreateNoteAsync(long folder, string title, List<OwnNote> own, int[] counts, CancellationToken cancellationToken)
    {
        var body = Guid.NewGuid().ToString("N");
        using var response = await _http.PostAsJsonAsync($"/folders/{folder}/notes", new { title, body }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return await FailureAsync(response, cancellationToken);
        }

        var id = (long)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!;
        own.Add(new OwnNote(id, folder, title, body));
        Interlocked.Increment(ref counts[0]);
        return null;
    }

    private async Task<string?> UpdateNoteAsync(List<OwnNote> own, int index, int sequence, int[] counts, CancellationToken cancellationToken)
    {
        // Only the loop that created a note updates it, one request at a time: its last acknowledged text is final.
        var note = own[index];
        var body = $"updated {sequence}";
        using var response = await _http.PutAsJsonAsync($"/notes/{note.Id}", new { title = note.Title, body }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return await FailureAsync(response, cancellationToken);
        }

        own[index] = note with { Body = body };
        Interlocked.Increment(ref counts[1]);
        return null;
    }

    private async Task<string?> MoveAsync(long target, Random random, long sent, int[] counts, CancellationToken cancellationToken)
    {
        var noteIds = Enumerable.Range(0, random.Next(1, 4)).Select(_ => _movingNotes[random.Next(_movingNotes.Count)]).Distinct().ToArray();
        using var response = await _http.PostAsJsonAsync("/notes/move", new { noteIds, folderId = target }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return await FailureAsync(response, cancellationToken);
        }

        _moves.Add(new Move(noteIds, target, sent, Stopwatch.GetTimestamp()));
        Interlocked.Increment(ref counts[2]);
        return null;
    }

    private async Task<List<long>> ListAllAsync(long folder, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        for (long? after = 0; after is not null;)
        {
            using var response = await _http.GetAsync($"/folders/{folder}/notes?limit=100&after={after}", cancellationToken);
            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
            ids.AddRange(page["items"]!.AsArray().Select(item => (long)item!["id"]!));
            after = (long?)page["nextAfter"];
        }

        return ids;
    }

    private static async Task<string?> ExpectAsync(Task<HttpResponseMessage> request, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await request;
        return response.StatusCode == expected ? null : await FailureAsync(response, cancellationToken);
    }

    private static async Task<string> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        $"{(int)response.StatusCode}|{await response.Content.ReadAsStringAsync(cancellationToken)}";

    private static async Task<long> IdAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (long)(await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!;
    }

    private sealed record OwnNote(long Id, long FolderId, string Title, string Body);

    private sealed record Move(long[] NoteIds, long Target, long Sent, long Acknowledged);
}
