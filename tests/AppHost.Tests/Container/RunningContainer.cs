using System.Diagnostics;

namespace AppHost.Tests.Container;

/// <summary>A container started directly with the runtime's CLI (no Aspire), removed on dispose.</summary>
internal sealed class RunningContainer : IAsyncDisposable
{
    private static readonly TimeSpan s_healthTimeout = TimeSpan.FromSeconds(60);

    private RunningContainer(string runtime, string name, Uri baseAddress)
    {
        Runtime = runtime;
        Name = name;
        BaseAddress = baseAddress;
    }

    public string Runtime { get; }

    public string Name { get; }

    /// <summary>The HTTP endpoint as published on 127.0.0.1.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts <see cref="ContainerTestEnvironment.Image"/> detached, publishing <paramref name="httpPort"/>.</summary>
    /// <param name="runtimeOptions">Options for <c>run</c> (before the image), e.g. <c>-e</c>, <c>-v</c>.</param>
    /// <param name="command">The container's arguments (after the image); empty = the image's CMD.</param>
    /// <param name="httpPort">The container port sqld listens on.</param>
    /// <returns>The container.</returns>
    public static RunningContainer Start(IEnumerable<string> runtimeOptions, IEnumerable<string> command, int httpPort = 8080)
    {
        var runtime = ContainerTestEnvironment.Require();
        var name = $"libsql-contract-{Guid.NewGuid():N}"[..28];
        var run = ContainerTestEnvironment.Run(["run", "-d", "--name", name, "-p", $"127.0.0.1::{httpPort}", .. runtimeOptions, ContainerTestEnvironment.Image, .. command]);
        if (!run.Succeeded)
        {
            // A run that fails to start still leaves the created container behind.
            ContainerTestEnvironment.Run("rm", "-f", "-v", name);
            Assert.Fail($"{runtime} run failed: {run}");
        }

        var port = ContainerTestEnvironment.Run("port", name, $"{httpPort}/tcp");
        Assert.True(port.Succeeded, $"{runtime} port failed: {port}");
        var hostPort = port.StandardOutput.Split('\n')[0].Trim().Split(':')[^1];
        return new RunningContainer(runtime, name, new Uri($"http://127.0.0.1:{hostPort}/"));
    }

    /// <summary>Waits until <c>GET /health</c> answers 200.</summary>
    /// <param name="http">A client without retries.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>How long it took from this call.</returns>
    public async Task<TimeSpan> WaitHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or gone: a container that exited will never answer.
                if (ContainerTestEnvironment.Run("inspect", "--format", "{{.State.Running}}", Name).StandardOutput != "true")
                {
                    Assert.Fail($"{Name} exited; logs: {ContainerTestEnvironment.Run("logs", Name)}");
                }
            }

            if (stopwatch.Elapsed > s_healthTimeout)
            {
                Assert.Fail($"{Name} was not healthy after {s_healthTimeout}; logs: {ContainerTestEnvironment.Run("logs", Name)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The host uid, host gid and command line of the container's main process.</summary>
    /// <returns>E.g. <c>("666", "666", "/bin/sqld --db-path iku.db ...")</c>.</returns>
    public (string Uid, string Gid, string Args) MainProcess()
    {
        // podman top takes its own descriptors; docker top passes ps options.
        var top = Runtime == "podman"
            ? ContainerTestEnvironment.Run("top", Name, "huser", "hgroup", "args")
            : ContainerTestEnvironment.Run("top", Name, "-o", "uid,gid,args");
        Assert.True(top.Succeeded, $"{Runtime} top failed: {top}");
        var line = top.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim();
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return (parts[0], parts[1], parts[2].Trim());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        // -v: also the anonymous volume the image's VOLUME /var/lib/sqld gave it.
        ContainerTestEnvironment.Run("rm", "-f", "-v", "-t", "0", Name);
        return ValueTask.CompletedTask;
    }
}
