using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Libsql.Bench.Shared;
using Libsql.LoadBench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Libsql.LoadBench: the real AppHost (sqld = the test server as a local process under DCP, its generated signing key,
// SampleApi with the AppHost's connection string and token), driven by many concurrent clients with mixed reads and
// writes, then every acknowledged write checked. One run measures the peer (--peer clients) and the target (--clients)
// one after the other against the same services. Exit code 1 when any request failed or any check did not hold.
// Usage: dotnet run -c Release --project bench/Libsql.LoadBench [-- --duration 30] [--clients 1000] [--peer 32] [--quick]
var quick = args.Contains("--quick");
var duration = TimeSpan.FromSeconds(Option("--duration", quick ? 5 : 30));
var clients = Option("--clients", 1000);
var peer = Option("--peer", 32);
var warmup = TimeSpan.FromSeconds(quick ? 2 : 5);
var root = FindRoot();
var inv = CultureInfo.InvariantCulture;


var loadBefore = LoadAverage();
Console.WriteLine($"Libsql.LoadBench: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {loadBefore}");
var dataRoot = Directory.CreateTempSubdirectory("libsql-loadbench-");
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(15));
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
    ["--Libsql:RunMode=LocalProcess", $"--Libsql:DataRoot={dataRoot.FullName}", "--ASPIRE_USER_SECRETS_ID=libsql-aspire-loadbench"],
    stop.Token);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
await using var app = await builder.BuildAsync(stop.Token);
await app.StartAsync(stop.Token);
foreach (var name in new[] { "db", "api" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(name, stop.Token);
}

var authProbe = await UnauthenticatedStatusAsync(app, stop.Token);
if (authProbe != HttpStatusCode.Unauthorized)
{
    throw new InvalidOperationException($"sqld answered a request without a token with {(int)authProbe}, not 401: auth is off.");
}

var api = app.GetEndpoint("api", "http");
Console.WriteLine($"AppHost started: db (test server, local process, JWT auth on: a tokenless request gets 401), api at {api}");
using var http = SampleApiLoad.CreateHttpClient(api, Math.Max(clients, peer));

var runs = new List<(LoadRunResult Run, LoadVerification Verification)>();
foreach (var (label, loops, time) in new[] { ("warm-up", peer, warmup), ("peer", peer, duration), ("target", clients, duration) })
{
    var load = await SampleApiLoad.PrepareAsync(http, $"{label}-{Guid.NewGuid():N}"[..16], stop.Token);
    Console.WriteLine($"{label}: {loops} clients for {time.TotalSeconds:0} s ...");
    var run = await load.RunAsync(loops, time, stop.Token);
    var verification = await load.VerifyAsync(stop.Token);
    var all = run.AllLatencies;
    Console.WriteLine(string.Create(inv, $"  {run.Requests:N0} requests, {run.Throughput:N0} req/s, p50 {LoadRunResult.Percentile(all, 0.5):0.0} ms, p99 {LoadRunResult.Percentile(all, 0.99):0.0} ms, max {all[^1]:0.0} ms, {run.ErrorCount} errors, {verification.Problems.Count} verification problems"));
    foreach (var (kind, count) in run.Errors)
    {
        Console.WriteLine($"  error {kind} x{count}: {run.ErrorSamples[kind]}");
    }

    foreach (var problem in verification.Problems.Take(20))
    {
        Console.WriteLine($"  problem: {problem}");
    }

    if (label != "warm-up")
    {
        runs.Add((run, verification));
    }
}

var loadAfter = LoadAverage();
await app.StopAsync(CancellationToken.None);
dataRoot.Delete(recursive: true);

var report = Report(runs, duration, loadBefore, loadAfter, quick);
Console.WriteLine();
Console.WriteLine(report);
if (!quick)
{
    ResultsSection.Write(Path.Combine(root, "bench", "RESULTS.md"), "Libsql.LoadBench", report);
    Console.WriteLine("written to bench/RESULTS.md");
}

return runs.Any(r => r.Run.ErrorCount > 0 || r.Verification.Problems.Count > 0) ? 1 : 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : at >= 0 ? throw new ArgumentException($"{name} takes a positive whole number, e.g. {name} {fallback}.") : fallback;
}

static async Task<HttpStatusCode> UnauthenticatedStatusAsync(DistributedApplication app, CancellationToken cancellationToken)
{
    using var client = new HttpClient { BaseAddress = app.GetEndpoint("db", "http") };
    using var response = await client.PostAsync("/v2/pipeline", new StringContent("""{"baton":null,"requests":[{"type":"close"}]}""", Encoding.UTF8, "application/json"), cancellationToken);
    return response.StatusCode;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string Report(List<(LoadRunResult Run, LoadVerification Verification)> runs, TimeSpan duration, string loadBefore, string loadAfter, bool quick)
{
    var inv = CultureInfo.InvariantCulture;
    var text = new StringBuilder();
    text.AppendLine("## Load: 1,000 clients through the AppHost");
    text.AppendLine();
    text.AppendLine(inv, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}{(quick ? " (QUICK RUN)" : "")}");
    text.AppendLine(inv, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average (1/5/15 min) {loadBefore} before, {loadAfter} after; the driver, DCP, SampleApi and the test server share the cores");
    text.AppendLine("- Setup: the real AppHost (`Projects.AppHost` through `DistributedApplicationTestingBuilder`) with `Libsql:RunMode=LocalProcess`: sqld is Libsql.TestServer as a process under DCP, with the AppHost's generated signing key (JWT auth on: a tokenless request gets 401); `api` is SampleApi with the connection string and token the AppHost injects. Requests go over HTTP/1.1 through DCP's proxy, one connection per client.");
    text.AppendLine("- Workload: each client is a loop with one request in flight: 25% GET a note (half of them the client's own note, whose last acknowledged text must come back), 20% list a folder page, 15% GET a folder, 20% create a note (write transaction: count + insert), 10% update one of the client's own notes, 10% move 1-3 of 200 shared notes to another folder (write transaction). Each run has its own 16 folders. A 2xx other than the expected status, any other status, a timeout or a connection error counts as an error.");
    text.AppendLine("- Checks after each run: every acknowledged create/update read back (title, body, folder); every folder's `noteCount` equals the notes listed in it; every note listed in exactly one folder, none missing, none unacknowledged; every shared note in the folder of a move that no later acknowledged move of it followed (no lost update).");
    text.AppendLine();
    text.AppendLine("| Clients | Duration | Requests | Throughput | p50 | p99 | max | Errors | Writes acknowledged (create/update/move) | Checks |");
    text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    foreach (var (run, verification) in runs)
    {
        var all = run.AllLatencies;
        var checks = verification.Problems.Count == 0
            ? $"all held ({verification.NotesReadBack:N0} notes read back, {verification.FoldersChecked} folders counted, {verification.MovingNotesChecked} moved notes placed)"
            : $"{verification.Problems.Count} FAILED";
        text.AppendLine(inv, $"| {run.Clients:N0} | {run.Elapsed.TotalSeconds:0.0} s | {run.Requests:N0} | {run.Throughput:N0} req/s | {LoadRunResult.Percentile(all, 0.5):0.0} ms | {LoadRunResult.Percentile(all, 0.99):0.0} ms | {all[^1]:0.0} ms | {run.ErrorCount} | {run.AcknowledgedCreates:N0} / {run.AcknowledgedUpdates:N0} / {run.AcknowledgedMoves:N0} | {checks} |");
    }

    text.AppendLine();
    text.AppendLine("| Clients | Operation | Requests | p50 | p99 | max |");
    text.AppendLine("|---:|---|---:|---:|---:|---:|");
    foreach (var (run, _) in runs)
    {
        foreach (var (operation, latencies) in run.Latencies.Where(l => l.Value.Length > 0))
        {
            text.AppendLine(inv, $"| {run.Clients:N0} | {operation} | {latencies.Length:N0} | {LoadRunResult.Percentile(latencies, 0.5):0.0} ms | {LoadRunResult.Percentile(latencies, 0.99):0.0} ms | {latencies[^1]:0.0} ms |");
        }
    }

    if (runs.Count == 2)
    {
        var (peer, target) = (runs[0].Run, runs[1].Run);
        text.AppendLine();
        text.AppendLine(inv, $"- {target.Clients:N0} vs {peer.Clients} clients: {target.Throughput / peer.Throughput:0.00}x the throughput, {LoadRunResult.Percentile(target.AllLatencies, 0.5) / LoadRunResult.Percentile(peer.AllLatencies, 0.5):0.0}x the p50 latency, {LoadRunResult.Percentile(target.AllLatencies, 0.99) / LoadRunResult.Percentile(peer.AllLatencies, 0.99):0.0}x the p99.");
    }

    foreach (var (run, verification) in runs)
    {
        foreach (var (kind, count) in run.Errors)
        {
            text.AppendLine(inv, $"- {run.Clients:N0} clients, error `{kind}` x{count}: {run.ErrorSamples[kind]}");
        }

        foreach (var problem in verification.Problems.Take(10))
        {
            text.AppendLine(inv, $"- {run.Clients:N0} clients, check failed: {problem}");
        }
    }

    text.AppendLine();
    text.AppendLine(inv, $"Reproduce: `dotnet run -c Release --project bench/Libsql.LoadBench -- --duration {duration.TotalSeconds:0}` (exit code 1 if any request failed or any check did not hold; `--quick` runs 5 s without writing this file).");
    return text.ToString();
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LibsqlAspire.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("LibsqlAspire.sln not found");
}
