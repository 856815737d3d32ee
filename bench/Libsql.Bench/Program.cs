using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Libsql.Bench;
using Libsql.Bench.Shared;
using Libsql.Client;

// Libsql.Bench: LibsqlClient (Protobuf, JSON v3), a raw HttpClient floor and the official @libsql/client (Node)
// against one Libsql.TestServer on a file database, plus the ADO.NET provider's streaming read (e). Plain Stopwatch harness: warm-up, repeats, median.
// (f) and (g) compare EF Core (UseLibsql) with Dapper and LibsqlClient; --orm-only runs just those.
// Usage: dotnet run -c Release --project bench/Libsql.Bench [-- --quick] [--no-node] [--orm-only]
var quick = args.Contains("--quick");
var ormOnly = args.Contains("--orm-only");
var withNode = !args.Contains("--no-node");
Harness.Verbose = args.Contains("--verbose");
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
        OrmBench.WriteTableSql +
        "CREATE TABLE bench_d (id INTEGER PRIMARY KEY, i INTEGER, t TEXT);" +
        $"INSERT INTO bench_d WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {streamRows}) SELECT x, x * 3, 'row text ' || x FROM c;");
}

var results = new List<Measurement>();
if (ormOnly)
{
    await MeasureOrmAsync();
    Console.WriteLine();
    Console.WriteLine(OrmReport(results));
    if (!quick)
    {
        ResultsSection.Write(Path.Combine(root, "bench", "RESULTS.md"), "Libsql.Bench ORM", OrmReport(results));
        Console.WriteLine("written to bench/RESULTS.md");
    }

    return 0;
}

var clients = new List<IBenchClient>
{
    new RawHttpBenchClient(server.Uri, server.Token),
    new LibsqlBenchClient(server.ConnectionString, LibsqlProtocol.Protobuf),
    new LibsqlBenchClient(server.ConnectionString, LibsqlProtocol.Json),
};
string? nodeVersion = null;
if (withNode && FindOnPath("node") is { } node)
{
    var nodeClient = NodeBenchClient.Start(node, Path.Combine(root, "bench", "node", "bench.mjs"), server.Uri, server.Token);
    nodeVersion = nodeClient.Version;
    clients.Add(nodeClient);
}

Console.WriteLine("clients: " + string.Join(", ", clients.Select(x => x.Name)));
Console.WriteLine("(a) write batch ...");
Record("a", "rows/s", await Harness.MeasureRoundsAsync(clients, a.warmups, a.repeats, a.count, x => x.WriteBatchAsync(a.count)));
Console.WriteLine("(b) select 10,000 rows ...");
Record("b", "rows/s", await Harness.MeasureRoundsAsync(clients, b.warmups, b.repeats, b.rows, x => x.SelectAllAsync()));
Console.WriteLine("(c) 100 concurrent point reads ...");
Record("c", "reads/s", await Harness.MeasureRoundsAsync(clients, c.warmups, c.repeats, c.ids.Length, x => x.PointReadsAsync(c.ids)));
Console.WriteLine($"(d) stream {d.rows:N0} rows ...");
var peaks = clients.ToDictionary(x => x, x => x is NodeBenchClient ? Harness.PeakMemory.External() : new Harness.PeakMemory());
var streamRates = await Harness.MeasureRoundsAsync(
    clients,
    d.warmups,
    d.repeats,
    d.rows,
    async x =>
    {
        var rows = await x.StreamAsync(peaks[x]);
        if (rows != d.rows)
        {
            throw new InvalidOperationException($"{x.Name} streamed {rows} rows, expected {d.rows}");
        }
    },
    beforeEachRun: () =>
    {
        // Each run starts from a collected heap, so a peak is the running client's own.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    });
for (var i = 0; i < clients.Count; i++)
{
    var note = clients[i] is NodeBenchClient ? "buffers the whole result: no streaming query over HTTP; peak = V8 heapUsed" : null;
    results.Add(new("d", clients[i].Name, "rows/s", streamRates[i], peaks[clients[i]].PeakMiB, note));
}

foreach (var client in clients)
{
    await client.DisposeAsync();
}

Console.WriteLine($"(e) ADO.NET read of {d.rows:N0} rows ...");
// The streaming readers run in rounds together and the whole-result path after them: its live 1M-row result makes
// the GC grow its allocation budget, and garbage left uncollected under a larger budget would show up in the
// streaming runs' GC.GetTotalMemory samples as if it were theirs.
var readers = new List<AdoReadBench> { AdoReadBench.Reader(server.ConnectionString), AdoReadBench.DapperUnbuffered(server.ConnectionString), AdoReadBench.WholeResult(server.ConnectionString) };
var adoPeaks = readers.ToDictionary(x => x, _ => new Harness.PeakMemory());
var adoRates = new List<double>();
foreach (var group in new[] { readers[..2], readers[2..] })
{
    adoRates.AddRange(await Harness.MeasureRoundsAsync(
        group,
        d.warmups,
        d.repeats,
        d.rows,
        async x =>
        {
            var rows = await x.ReadAsync(adoPeaks[x]);
            if (rows != d.rows)
            {
                throw new InvalidOperationException($"{x.Name} read {rows} rows, expected {d.rows}");
            }
        },
        beforeEachRun: () =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }));
}

for (var i = 0; i < readers.Count; i++)
{
    results.Add(new("e", readers[i].Name, "rows/s", adoRates[i], adoPeaks[readers[i]].PeakMiB));
}

void Record(string workload, string unit, double[] rates)
{
    for (var i = 0; i < clients.Count; i++)
    {
        results.Add(new(workload, clients[i].Name, unit, rates[i]));
    }
}

await MeasureOrmAsync();

async Task MeasureOrmAsync()
{
    var orm = OrmBench.All(server.ConnectionString + ";Protocol=Protobuf");
    var f = new { rows = 10_000, warmups = 3, repeats = quick ? 3 : 15 };
    var g = new { count = 1000, warmups = 2, repeats = quick ? 3 : 9 };
    Console.WriteLine("subjects: " + string.Join(", ", orm.Select(x => x.Name)));
    Console.WriteLine("(f) no-tracking read of 10,000 rows into objects ...");
    var reads = await Harness.MeasureRoundsAsync(orm, f.warmups, f.repeats, f.rows, x => x.ReadAsync());
    Console.WriteLine("(g) 1,000 new rows saved ...");
    var writes = await Harness.MeasureRoundsAsync(orm, g.warmups, g.repeats, g.count, x => x.WriteAsync(g.count));
    for (var i = 0; i < orm.Count; i++)
    {
        results.Add(new("f", orm[i].Name, "rows/s", reads[i]));
        results.Add(new("g", orm[i].Name, "rows/s", writes[i]));
        await orm[i].DisposeAsync();
    }
}

var report = Report(results, quick, nodeVersion, d.rows);
var ormReport = OrmReport(results);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine(ormReport);
if (!quick)
{
    // Each section between its markers: the hand-written notes and the other benchmarks' sections stay.
    var path = Path.Combine(root, "bench", "RESULTS.md");
    ResultsSection.Write(path, "Libsql.Bench", report);
    ResultsSection.Write(path, "Libsql.Bench ORM", ormReport);
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
    text.AppendLine("- Harness: plain Stopwatch; warm-up runs per client, then repeats in rounds (every client once per round, rotating order, so load drift on the shared machine hits all alike); median throughput per client. The Node client is driven over stdin/stdout (one command per run; the sub-millisecond round trip is inside its timing)" + (quick ? " (QUICK RUN: fewer repeats, 100k-row stream)" : ""));
    text.AppendLine(inv, $"- Workloads: (a) one atomic batch of 1,000 INSERTs (BEGIN IMMEDIATE ... COMMIT); (b) SELECT of 10,000 rows x 5 columns, every value decoded; (c) 100 concurrent point reads by primary key; (d) {streamRows:N0}-row read streamed (cursor), peak managed heap of the client process; (e) the same read through the ADO.NET provider (LibsqlConnection + DbDataReader, Dapper unbuffered) against the reader's whole-result fallback, peak managed heap");
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

    var whole = results.FirstOrDefault(r => r.Workload == "e" && r.Client.Contains("whole-result", StringComparison.Ordinal));
    foreach (var r in results.Where(r => r.Workload == "e" && !ReferenceEquals(r, whole)))
    {
        var vsWhole = whole is null ? "" : $"; vs the whole-result path: {r.Throughput / whole.Throughput:0.00}x throughput, {r.PeakMiB / whole.PeakMiB:0.00}x peak heap ({whole.PeakMiB:0.0} MiB)";
        text.AppendLine(inv, $"- (e) {r.Client} peak managed heap {r.PeakMiB:0.0} MiB (target < 64 MiB): {(r.PeakMiB < 64 ? "met" : "MISSED")}{vsWhole}");
    }

    return text.ToString();
}

static string OrmReport(List<Measurement> results)
{
    var text = new StringBuilder();
    var inv = CultureInfo.InvariantCulture;
    text.AppendLine("## EF Core, Dapper and LibsqlClient");
    text.AppendLine();
    text.AppendLine("(f) a no-tracking read of bench_b's 10,000 rows into objects (EF Core `AsNoTracking().ToListAsync()`, Dapper `QueryAsync<T>`, LibsqlClient `ExecuteAsync` mapped by hand); (g) 1,000 new rows saved atomically, each the way its API is used for it: EF Core `AddRange` + `SaveChangesAsync` (`INSERT ... RETURNING` in Hrana batches of 100 commands, the default `MaxBatchSize`, in one interactive transaction), Dapper `ExecuteAsync(sql, list, transaction)` (one round trip per row in one interactive transaction), LibsqlClient `BatchAsync` (one atomic Hrana batch). Same server, same run, Protobuf.");
    text.AppendLine();
    text.AppendLine("| Workload | Subject | Throughput | vs Dapper | vs LibsqlClient |");
    text.AppendLine("|---|---|---:|---:|---:|");
    foreach (var group in results.Where(r => r.Workload is "f" or "g").GroupBy(r => r.Workload))
    {
        var dapper = group.First(r => r.Client.StartsWith("Dapper", StringComparison.Ordinal));
        var client = group.First(r => r.Client.StartsWith("LibsqlClient", StringComparison.Ordinal));
        foreach (var r in group)
        {
            text.AppendLine(inv, $"| ({r.Workload}) | {r.Client} | {r.Throughput:N0} {r.Unit} | {r.Throughput / dapper.Throughput:0.00}x | {r.Throughput / client.Throughput:0.00}x |");
        }
    }

    text.AppendLine();
    foreach (var group in results.Where(r => r.Workload is "f" or "g").GroupBy(r => r.Workload))
    {
        var ef = group.First(r => r.Client.StartsWith("EF Core", StringComparison.Ordinal));
        var dapper = group.First(r => r.Client.StartsWith("Dapper", StringComparison.Ordinal));
        var slower = dapper.Throughput / ef.Throughput;
        text.AppendLine(inv, $"- ({group.Key}) EF Core takes {slower:0.00}x Dapper's time (target <= 1.50x): {(slower <= 1.5 ? "met" : $"MISSED by {(slower - 1.5) / 1.5:P0}")}");
    }

    return text.ToString();
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
