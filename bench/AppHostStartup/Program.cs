using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AppHostStartup;

// Times `dotnet run --project AppHost` against bench/BareAppHost (the same SampleApi without libSQL hosting) until
// every resource is Running and healthy, in rounds of rotating order, and prints a Markdown section with the medians,
// the ratio and each resource's median times. See bench/RESULTS.md for how to run it.
var rounds = 5;
var timeout = TimeSpan.FromSeconds(120);
string? runMode = null;
string? baselineRoot = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0:
            rounds = value;
            i++;
            break;
        case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
            timeout = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--run-mode" when i + 1 < args.Length && args[i + 1] is "Auto" or "Container" or "LocalProcess":
            runMode = args[++i];
            break;
        case "--baseline" when i + 1 < args.Length && Directory.Exists(args[i + 1]):
            baselineRoot = Path.GetFullPath(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--rounds N (5)] [--timeout SECONDS (120)] [--run-mode Auto|Container|LocalProcess (the AppHost's Libsql:RunMode; unset = Auto)] [--baseline <another checkout, AppHost built in Release> (its AppHost runs in the same rounds, for a before/after under the same load)]");
            return 2;
    }
}

var root = FindRoot();
string[] required =
[
    "AppHost/bin/Release/net10.0/AppHost.dll",
    "bench/BareAppHost/bin/Release/net10.0/BareAppHost.dll",
    "SampleApi/bin/Release/net10.0/SampleApi.dll",
    "Libsql.TestServer.Tool/bin/Release/net10.0/Libsql.TestServer.Tool.dll",
];
if (baselineRoot is not null && !File.Exists(Path.Combine(baselineRoot, required[0])))
{
    Console.Error.WriteLine($"{Path.Combine(baselineRoot, required[0])} is missing: build it with `dotnet build AppHost -c Release` in {baselineRoot}.");
    return 2;
}

if (required.FirstOrDefault(path => !File.Exists(Path.Combine(root, path))) is { } missing)
{
    Console.Error.WriteLine($"{missing} is missing: build first with `dotnet build AppHost -c Release && dotnet build bench/BareAppHost -c Release` (the runs use --no-build, so the build is not timed).");
    return 2;
}

// The bare AppHost's database: the same test server the AppHost falls back to, started once before anything is timed,
// file-backed, auth off (nothing but the bench reaches it on loopback).
var dataDirectory = Directory.CreateTempSubdirectory("apphost-startup-");
var port = FreePort();
using var server = StartServer(root, port, dataDirectory.FullName);
try
{
    var appHostEnvironment = new Dictionary<string, string>();
    if (runMode is not null)
    {
        appHostEnvironment["Libsql__RunMode"] = runMode;
    }

    ExpectedResource[] appHostResources = [new("db", true), new("reports", true), new("db-readonly", false), new("api", true), new("api-readonly", true)];
    List<Subject> subjectList =
    [
        new("AppHost (libSQL)", Path.Combine(root, "AppHost"), appHostEnvironment, appHostResources),
        new("BareAppHost", Path.Combine(root, "bench", "BareAppHost"), new Dictionary<string, string> { ["ConnectionStrings__db"] = $"Endpoint=http://127.0.0.1:{port}" },
            [new("api", true)]),
    ];
    if (baselineRoot is not null)
    {
        subjectList.Add(new("AppHost (libSQL), baseline", Path.Combine(baselineRoot, "AppHost"), appHostEnvironment, appHostResources));
    }

    var subjects = subjectList.ToArray();

    var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
    var results = subjects.ToDictionary(s => s, _ => new List<RunResult>());
    string? observedMode = null;

    // One warm-up run each (disk caches, first migration, generated secrets), not counted.
    foreach (var subject in subjects)
    {
        var warmUp = await RunOnceAsync(subject, "warm-up");
        observedMode ??= warmUp.LibsqlRunMode;
    }

    for (var round = 0; round < rounds; round++)
    {
        for (var k = 0; k < subjects.Length; k++)
        {
            var subject = subjects[(round + k) % subjects.Length];
            var result = await RunOnceAsync(subject, $"round {round + 1}/{rounds}");
            observedMode ??= result.LibsqlRunMode;
            results[subject].Add(result);
        }
    }

    var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
    Console.WriteLine(Report(subjects, results, rounds, observedMode ?? (runMode ?? "Container"), loadBefore, loadAfter));
    return results.Values.All(list => list.All(r => r.Elapsed is not null)) ? 0 : 1;
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    dataDirectory.Delete(recursive: true);
}

async Task<RunResult> RunOnceAsync(Subject subject, string label)
{
    var result = await StartupRun.RunAsync(root, subject, timeout, CancellationToken.None);
    var times = string.Join(", ", result.Timeline.Select(t => $"{t.Key} {Seconds(t.Value.Running)}/{Seconds(t.Value.Healthy)}"));
    await Console.Error.WriteLineAsync($"{label} {subject.Label}: {(result.Elapsed is { } e ? Seconds(e) + " s" : "TIMED OUT")} (running/healthy: {times})");
    if (result.Elapsed is null)
    {
        await Console.Error.WriteLineAsync("  last lines:" + Environment.NewLine + string.Join(Environment.NewLine, result.LogTail.Select(l => "    " + l)));
    }

    // Ports and DCP's state settle before the next run.
    await Task.Delay(TimeSpan.FromSeconds(2));
    return result;
}

static string Report(Subject[] subjects, Dictionary<Subject, List<RunResult>> results, int rounds, string mode, string loadBefore, string loadAfter)
{
    var text = new StringBuilder();
    var medians = subjects.ToDictionary(s => s, s => Median(results[s].Select(r => r.Elapsed)));
    text.AppendLine(CultureInfo.InvariantCulture, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}; {Environment.ProcessorCount} cores; load average before {loadBefore}, after {loadAfter}");
    text.AppendLine(CultureInfo.InvariantCulture, $"- libSQL run mode: {mode}; {rounds} rounds, rotating order, after one warm-up run each");
    text.AppendLine();
    text.AppendLine("| AppHost | Median to all healthy | Min | Max | Runs |");
    text.AppendLine("|---|---:|---:|---:|---|");
    foreach (var subject in subjects)
    {
        var elapsed = results[subject].Select(r => r.Elapsed).OfType<TimeSpan>().ToList();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {subject.Label} | {Seconds(medians[subject])} s | {Seconds(elapsed.DefaultIfEmpty().Min())} s | {Seconds(elapsed.DefaultIfEmpty().Max())} s | {string.Join(", ", results[subject].Select(r => Seconds(r.Elapsed)))} |");
    }

    if (medians[subjects[0]] is { } real && medians[subjects[1]] is { } bare && bare > TimeSpan.Zero)
    {
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Ratio (median {subjects[0].Label} / median {subjects[1].Label}): **{real / bare:0.00}x** (target <= 1.30x)");
        if (subjects.Length > 2 && medians[subjects[2]] is { } baseline)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Ratio (median {subjects[2].Label} / median {subjects[1].Label}): {baseline / bare:0.00}x");
        }

        // Each round's two runs are next to each other in time, so their ratio cancels most of the machine's load drift.
        var perRound = results[subjects[0]].Zip(results[subjects[1]])
            .Where(pair => pair.First.Elapsed is not null && pair.Second.Elapsed is not null)
            .Select(pair => pair.First.Elapsed!.Value / pair.Second.Elapsed!.Value)
            .Order()
            .ToList();
        if (perRound.Count > 0)
        {
            var median = perRound.Count % 2 == 1 ? perRound[perRound.Count / 2] : (perRound[(perRound.Count / 2) - 1] + perRound[perRound.Count / 2]) / 2;
            text.AppendLine(CultureInfo.InvariantCulture, $"Median of the per-round ratios: {median:0.00}x ({string.Join(", ", perRound.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))})");
        }
    }

    text.AppendLine();
    text.AppendLine("Median seconds from `dotnet run` to each resource's Running / healthy:");
    text.AppendLine();
    text.AppendLine("| AppHost | Resource | Running | Healthy |");
    text.AppendLine("|---|---|---:|---:|");
    foreach (var subject in subjects)
    {
        foreach (var resource in subject.Resources)
        {
            var timeline = results[subject].Select(r => r.Timeline[resource.Name]).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {subject.Label} | {resource.Name} | {Seconds(Median(timeline.Select(t => t.Running)))} | {Seconds(Median(timeline.Select(t => t.Healthy)))} |");
        }
    }

    return text.ToString();
}

static TimeSpan? Median(IEnumerable<TimeSpan?> values)
{
    var sorted = values.OfType<TimeSpan>().Order().ToList();
    if (sorted.Count == 0)
    {
        return null;
    }

    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Seconds(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";

static string FindRoot()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "LibsqlAspire.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run this from inside the repository (no LibsqlAspire.sln found above the current folder).");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartServer(string root, int port, string dataDirectory)
{
    var start = new ProcessStartInfo("dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    start.ArgumentList.Add(Path.Combine(root, "Libsql.TestServer.Tool/bin/Release/net10.0/Libsql.TestServer.Tool.dll"));
    start.ArgumentList.Add("--db-path");
    start.ArgumentList.Add(Path.Combine(dataDirectory, "data.sqld"));
    start.Environment["SQLD_HTTP_LISTEN_ADDR"] = $"127.0.0.1:{port}";
    var process = Process.Start(start) ?? throw new InvalidOperationException("The test server did not start.");
    process.ErrorDataReceived += (_, _) => { };
    process.BeginErrorReadLine();
    var line = process.StandardOutput.ReadLine();
    if (line is null || !line.StartsWith("listening on", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"The test server did not start: {line ?? "it exited"}.");
    }

    return process;
}
