using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Libsql.Bench;
using Libsql.Client;

// Libsql.Bench: LibsqlClient (Protobuf, JSON v3), a raw HttpClient floor and the official @libsql/client (Node)
// against one Libsql.TestServer on a file database. Plain Stopwatch harness: warm-up, repeats, median.
// Usage: dotnet run -c Release --project bench/Libsql.Bench [-- --quick] [--no-node]
var quick = args.Contains("--quick");
var withNode = !args.Contains("--no-node");
var streamRows = quick ? 100_000 : 1_000_000;
var a = new { count = 1000, warmups = 2, repeats = quick ? 3 : 9 };
var b = new { rows = 10_000, warmups = 3, repeats = quick ? 3 : 15 };
var random = new Random(42);
var c = new { ids = Enumerable.Range(0, 100).Select(_ => random.Next(1, 10_001)).ToArray(), warmups = 5, repeats = quick ? 5 : 30 };
var d = new { rows = streamRows, warmups = quick ? 0 : 1, repeats = quick ? 1 : 3 };
var root = FindRoot();

Console.WriteLine($"Libsql.Bench: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
await using var server = await BenchServer.StartAsync();
Console.WriteLine($"server: Libsql.TestServer (own process) at {server.Uri}, file database, JWT auth on");

await using (var setup = new LibsqlClient(server.ConnectionString))
{
    await setup.ExecuteScriptAsync(
        "CREATE TABLE bench_a (id INTEGER PRIMARY KEY, i INTEGER, t TEXT, r REAL);" +
        "CREATE TABLE bench_b (id INTEGER PRIMARY KEY, i INTEGER, t TEXT, r REAL, b BLOB);" +
        "INSERT INTO bench_b WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) SELECT x, x * 7, 'name ' || x, x * 0.25, randomblob(16) FROM c;" +
        "CREATE TABLE bench_d (id INTEGER PRIMARY KEY, i INTEGER, t TEXT);" +
        $"INSERT INTO bench_d WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {streamRows}) SELECT x, x * 3, 'row text ' || x FROM c;");
}

var results = new List<Measurement>();
IBenchClient[] clients =
[
    new RawHttpBenchClient(server.Uri, server.Token),
    new LibsqlBenchClient(server.ConnectionString, LibsqlProtocol.Protobuf),
    new LibsqlBenchClient(server.ConnectionString, LibsqlProtocol.Json),
];

foreach (var client in clients)
{
    Console.WriteLine($"running {client.Name} ...");
    results.Add(new("a", client.Name, "rows/s", await Harness.MeasureAsync(a.warmups, a.repeats, a.count, () => client.WriteBatchAsync(a.count))));
    results.Add(new("b", client.Name, "rows/s", await Harness.MeasureAsync(b.warmups, b.repeats, b.rows, () => client.SelectAllAsync())));
    results.Add(new("c", client.Name, "reads/s", await Harness.MeasureAsync(c.warmups, c.repeats, c.ids.Length, () => client.PointReadsAsync(c.ids))));
    var memory = new Harness.PeakMemory();
    var rate = await Harness.MeasureAsync(d.warmups, d.repeats, d.rows, async () =>
    {
        var rows = await client.StreamAsync(memory);
        if (rows != d.rows)
        {
            throw new InvalidOperationException($"streamed {rows} rows, expected {d.rows}");
        }
    });
    results.Add(new("d", client.Name, "rows/s", rate, memory.PeakMiB));
    await client.DisposeAsync();
}

string? nodeVersion = null;
if (withNode && FindOnPath("node") is { } node)
{
    Console.WriteLine("running @libsql/client (Node) ...");
    nodeVersion = Run(node, ["--version"]).Trim();
    var config = JsonSerializer.Serialize(new { a, b, c, d });
    foreach (var line in Run(node, ["--max-old-space-size=8192", Path.Combine(root, "bench", "node", "bench.mjs"), server.Uri.ToString(), server.Token, config]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
    {
        using var json = JsonDocument.Parse(line);
        var item = json.RootElement;
        results.Add(new(
            item.GetProperty("workload").GetString()!,
            "@libsql/client 0.18.0 (Node)",
            item.GetProperty("unit").GetString()!,
            item.GetProperty("throughput").GetDouble(),
            item.TryGetProperty("peakMiB", out var peak) ? peak.GetDouble() : null,
            item.GetProperty("workload").GetString() == "d" ? "buffers the whole result (no streaming over HTTP); peak = V8 heapUsed" : null));
    }
}

var report = Report(results, quick, nodeVersion, d.rows);
Console.WriteLine();
Console.WriteLine(report);
if (!quick)
{
    await File.WriteAllTextAsync(Path.Combine(root, "bench", "RESULTS.md"), report);
    Console.WriteLine("written to bench/RESULTS.md");
}

return 0;

static string Report(List<Measurement> results, bool quick, string? nodeVersion, int streamRows)
{
    var text = new StringBuilder();
    var inv = CultureInfo.InvariantCulture;
    text.AppendLine("# Libsql.Bench results");
    text.AppendLine();
    text.AppendLine(inv, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
    text.AppendLine(inv, $"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
    text.AppendLine(inv, $"- .NET {Environment.Version}; Node {nodeVersion ?? "not run"}; server: Libsql.TestServer in its own process, file database, JWT auth on; all on loopback, sharing the same cores");
    text.AppendLine("- Harness: plain Stopwatch, warm-up runs, then repeats; the median throughput is reported" + (quick ? " (QUICK RUN: fewer repeats, 100k-row stream)" : ""));
    text.AppendLine(inv, $"- Workloads: (a) one atomic batch of 1,000 INSERTs (BEGIN IMMEDIATE ... COMMIT); (b) SELECT of 10,000 rows x 5 columns, every value decoded; (c) 100 concurrent point reads by primary key; (d) {streamRows:N0}-row read streamed (cursor), peak managed heap of the client process");
    text.AppendLine();
    text.AppendLine("| Workload | Client | Throughput | vs official | vs raw HttpClient | Peak memory |");
    text.AppendLine("|---|---|---:|---:|---:|---:|");
    foreach (var group in results.GroupBy(r => r.Workload))
    {
        var official = group.FirstOrDefault(r => r.Client.StartsWith('@'));
        var raw = group.FirstOrDefault(r => r.Client.StartsWith("raw", StringComparison.Ordinal));
        foreach (var r in group)
        {
            var vsOfficial = official is null ? "" : (r.Throughput / official.Throughput).ToString("0.00x", inv);
            var vsRaw = raw is null ? "" : (r.Throughput / raw.Throughput).ToString("0.00x", inv);
            var peak = r.PeakMiB is { } p ? p.ToString("0.0", inv) + " MiB" : "";
            text.AppendLine(inv, $"| ({r.Workload}) | {r.Client}{(r.Note is null ? "" : $" ({r.Note})")} | {r.Throughput:N0} {r.Unit} | {vsOfficial} | {vsRaw} | {peak} |");
        }
    }

    text.AppendLine();
    text.AppendLine("## Targets");
    text.AppendLine();
    foreach (var group in results.GroupBy(r => r.Workload))
    {
        var official = group.FirstOrDefault(r => r.Client.StartsWith('@'));
        var raw = group.FirstOrDefault(r => r.Client.StartsWith("raw", StringComparison.Ordinal));
        foreach (var r in group.Where(r => r.Client.StartsWith("Libsql", StringComparison.Ordinal)))
        {
            if (group.Key != "d" && official is not null)
            {
                var ratio = r.Throughput / official.Throughput;
                text.AppendLine(inv, $"- ({group.Key}) {r.Client} vs official: {ratio:0.00}x (target >= 1.50x): {(ratio >= 1.5 ? "met" : $"MISSED by {(1.5 - ratio) / 1.5:P0}")}");
            }

            if (raw is not null)
            {
                var ratio = r.Throughput / raw.Throughput;
                text.AppendLine(inv, $"- ({group.Key}) {r.Client} vs raw HttpClient: {ratio:0.00}x (target >= 0.90x): {(ratio >= 0.9 ? "met" : $"MISSED by {(0.9 - ratio) / 0.9:P0}")}");
            }

            if (group.Key == "d" && r.PeakMiB is { } peak)
            {
                text.AppendLine(inv, $"- (d) {r.Client} peak managed heap {peak:0.0} MiB (target < 64 MiB): {(peak < 64 ? "met" : "MISSED")}");
            }
        }
    }

    return text.ToString();
}

static string Run(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
    using var process = Process.Start(start)!;
    var error = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} failed: {error.Result}");
}

static string? FindOnPath(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

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
