using System.Diagnostics;
using System.Text.Json;

namespace Libsql.Bench;

/// <summary>The official @libsql/client in a Node process (bench/node/bench.mjs), one workload run per command.</summary>
internal sealed class NodeBenchClient : IBenchClient
{
    private readonly Process _process;

    private NodeBenchClient(Process process, string version)
    {
        _process = process;
        Version = version;
    }

    public string Name => "@libsql/client 0.18.0 (Node)";

    public string Version { get; }

    public static NodeBenchClient Start(string node, string script, Uri endpoint, string token)
    {
        using var versionProcess = Process.Start(new ProcessStartInfo(node, ["--version"]) { RedirectStandardOutput = true })!;
        var version = versionProcess.StandardOutput.ReadToEnd().Trim();
        var process = Process.Start(new ProcessStartInfo(node, ["--max-old-space-size=8192", script, endpoint.ToString(), token])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        })!;
        return new NodeBenchClient(process, version);
    }

    public Task WriteBatchAsync(int count) => SendAsync(new { op = "a", count });

    public async Task<long> SelectAllAsync() => (await SendAsync(new { op = "b" })).GetProperty("checksum").GetInt64();

    public Task PointReadsAsync(int[] ids) => SendAsync(new { op = "c", ids });

    public async Task<long> StreamAsync(Harness.PeakMemory memory)
    {
        var result = await SendAsync(new { op = "d" });
        memory.Observe(result.GetProperty("peakBytes").GetInt64());
        return result.GetProperty("rows").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StandardInput.WriteLineAsync("""{"op":"quit"}""");
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private async Task<JsonElement> SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("node exited");
        var result = JsonDocument.Parse(line).RootElement;
        return result.GetProperty("ok").GetBoolean() ? result : throw new InvalidOperationException("node: " + result.GetProperty("error").GetString());
    }
}
