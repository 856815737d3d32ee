using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AppHostStartup;

/// <summary>
/// One timed start: <c>dotnet run --no-build</c> of an AppHost, read until every expected resource is Running and
/// healthy as Aspire itself reports it, then a clean stop of the whole process tree.
/// </summary>
/// <remarks>
/// Aspire's own log lines are the source: <c>ResourceNotificationService</c> logs each state change at Debug and
/// <c>ResourceHealthCheckService</c> each health report at Trace, the same snapshots the dashboard shows. Only those two
/// categories are turned up (through configuration, as a user would), and neither line carries a value of the
/// resource's environment.
/// </remarks>
internal static partial class StartupRun
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="subject"/> once.</summary>
    public static async Task<RunResult> RunAsync(string root, Subject subject, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", "Release", "--project", subject.ProjectPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Aspire.Hosting.ApplicationModel.ResourceNotificationService"] = "Debug";
        start.Environment["Logging__LogLevel__Aspire.Hosting.Health.ResourceHealthCheckService"] = "Trace";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in subject.Environment)
        {
            start.Environment[key] = value;
        }

        var tracker = new ResourceTracker(subject.Resources);
        var log = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
                tracker.Observe(line, clock.Elapsed);
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        TimeSpan? elapsed = null;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                elapsed = await tracker.AllHealthy.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: reported with the states reached.
            }
        }

        await StopAsync(process).ConfigureAwait(false);
        return new RunResult(subject, elapsed, tracker.Timeline(), log.Any(l => l.Contains("runs as a local process", StringComparison.Ordinal)) ? "LocalProcess" : null, [.. log.TakeLast(40)]);
    }

    private static async Task StopAsync(Process dotnetRun)
    {
        // SIGTERM to the AppHost itself stops DCP, the dashboard and every resource cleanly; `dotnet run` then exits.
        // Whatever outlives the grace period (by the ids seen before the stop) is killed.
        var tree = ProcessTree.Descendants(dotnetRun.Id);
        var appHost = tree.FirstOrDefault(p => p.CommandLine.Contains("AppHost", StringComparison.Ordinal) && !p.CommandLine.Contains("dotnet run", StringComparison.Ordinal)
            && !p.CommandLine.Contains(" run ", StringComparison.Ordinal));
        if (appHost.Pid != 0)
        {
            ProcessTree.Terminate(appHost.Pid);
        }
        else
        {
            ProcessTree.Terminate(dotnetRun.Id);
        }

        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await dotnetRun.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ProcessTree.ForceKill(dotnetRun.Id);
        }

        // DCP's own children may still be finishing their cleanup: give them the rest of the grace period.
        while (!grace.IsCancellationRequested && tree.Any(p => ProcessTree.IsAlive(p.Pid)))
        {
            await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (pid, commandLine) in tree.Where(p => ProcessTree.IsAlive(p.Pid)))
        {
            if (ProcessTree.ForceKill(pid))
            {
                await Console.Error.WriteLineAsync($"  killed leftover {pid}: {commandLine}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Follows the expected resources' states and health reports through the AppHost's log.</summary>
    private sealed partial class ResourceTracker(IReadOnlyList<ExpectedResource> resources)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, TimeSpan> _running = [];
        private readonly Dictionary<string, TimeSpan> _healthy = [];
        private readonly Dictionary<string, TimeSpan> _firstState = [];
        private readonly TaskCompletionSource<TimeSpan> _allHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TimeSpan> AllHealthy => _allHealthy.Task;

        public void Observe(string line, TimeSpan at)
        {
            lock (_lock)
            {
                if (StateChange().Match(line) is { Success: true } state && IsExpected(state.Groups["name"].Value, out var name))
                {
                    _firstState.TryAdd(name, at);
                    if (state.Groups["state"].Value.Trim() == "Running")
                    {
                        _running.TryAdd(name, at);
                        if (!resources.First(r => r.Name == name).HasHealthChecks)
                        {
                            _healthy.TryAdd(name, at);
                        }
                    }
                    else
                    {
                        // Left Running (exited, restarted): it must come back.
                        _running.Remove(name);
                        _healthy.Remove(name);
                    }
                }
                else if (HealthReport().Match(line) is { Success: true } report && IsExpected(report.Groups["name"].Value, out name))
                {
                    if (report.Groups["status"].Value == "Healthy")
                    {
                        _healthy.TryAdd(name, at);
                    }
                    else
                    {
                        _healthy.Remove(name);
                    }
                }

                if (resources.All(r => _running.ContainsKey(r.Name) && _healthy.ContainsKey(r.Name)))
                {
                    _allHealthy.TrySetResult(at);
                }
            }
        }

        public IReadOnlyDictionary<string, ResourceTimes> Timeline()
        {
            lock (_lock)
            {
                return resources.ToDictionary(
                    r => r.Name,
                    r => new ResourceTimes(_firstState.TryGetValue(r.Name, out var first) ? first : null, _running.TryGetValue(r.Name, out var running) ? running : null, _healthy.TryGetValue(r.Name, out var healthy) ? healthy : null));
            }
        }

        private bool IsExpected(string name, out string expected)
        {
            expected = resources.FirstOrDefault(r => r.Name == name)?.Name ?? "";
            return expected.Length > 0;
        }

        // "Resource api/api-xyz changed state: Starting -> Running" (or with no previous state).
        [GeneratedRegex(@"Resource (?<name>[^/\s]+)/\S+ changed state: (?:.+ -> )?(?<state>[^>]+)$")]
        private static partial Regex StateChange();

        // "Health report status for 'api' is Healthy."
        [GeneratedRegex(@"Health report status for '(?<name>[^']+)' is (?<status>\w+)\.")]
        private static partial Regex HealthReport();
    }
}

/// <summary>When a resource first got a state, became Running and became healthy, from <c>dotnet run</c>'s start.</summary>
/// <param name="FirstState">The first state change seen.</param>
/// <param name="Running">Running (the last time it entered it).</param>
/// <param name="Healthy">Healthy (for a resource without health checks: Running).</param>
internal sealed record ResourceTimes(TimeSpan? FirstState, TimeSpan? Running, TimeSpan? Healthy);

/// <summary>The outcome of one run.</summary>
/// <param name="Subject">What ran.</param>
/// <param name="Elapsed">From <c>dotnet run</c> to every resource Running and healthy; null when it timed out.</param>
/// <param name="Timeline">Each resource's times.</param>
/// <param name="LibsqlRunMode">LocalProcess when the AppHost said it fell back to a local process.</param>
/// <param name="LogTail">The last lines of the AppHost's console, for a failed run.</param>
internal sealed record RunResult(Subject Subject, TimeSpan? Elapsed, IReadOnlyDictionary<string, ResourceTimes> Timeline, string? LibsqlRunMode, IReadOnlyList<string> LogTail);
