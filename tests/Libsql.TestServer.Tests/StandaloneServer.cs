using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Libsql.TestServer.Tests;

/// <summary>The built Libsql.TestServer.Tool executable as a child process, configured like sqld through variables and flags.</summary>
internal sealed class StandaloneServer : IAsyncDisposable
{
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _admin = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandaloneServer(Process process) => _process = process;

    /// <summary>The HTTP endpoint, as the server's <c>listening on</c> line reports it (so port 0 works).</summary>
    public Uri Uri { get; private set; } = null!;

    /// <summary>The admin endpoint, as the server's <c>admin API on</c> line reports it (stderr, so it may arrive after <see cref="Uri"/>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The admin endpoint.</returns>
    public Task<Uri> AdminUriAsync(CancellationToken cancellationToken) => _admin.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Everything the process wrote, both streams (it never prints keys or tokens).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<StandaloneServer> StartAsync(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? args = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Libsql.TestServer.Tool.exe" : "Libsql.TestServer.Tool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "LIBSQL_ADMIN_AUTH_KEY", "SQLD_HTTP_SELF_URL", "SQLD_HTTP_LISTEN_ADDR", "SQLD_DB_PATH", "SQLD_AUTH_JWT_KEY", "SQLD_AUTH_JWT_KEY_FILE", "SQLD_ENABLE_NAMESPACES", "SQLD_ADMIN_LISTEN_ADDR", "SQLD_HTTP_AUTH" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new StandaloneServer(Process.Start(start) ?? throw new InvalidOperationException("The test server did not start."));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data, stdout: true);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, stdout: false);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server._process.EnableRaisingEvents = true;
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("The test server exited before listening:\n" + server.Output));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using (timeout.Token.Register(() => server._listening.TrySetException(new TimeoutException("No 'listening on' line in 30 s:\n" + server.Output))))
        {
            server.Uri = new Uri(await server._listening.Task + "/");
        }

        return server;
    }

    /// <summary>Sends SIGTERM, as Docker or a CI script would, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                _process.Kill();
            }
            else
            {
                _ = Kill(_process.Id, Sigterm);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync();
            }
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string AdminPrefix = "admin API on ";
        if (!stdout && line.StartsWith(AdminPrefix, StringComparison.Ordinal))
        {
            _admin.TrySetResult(new Uri(line[AdminPrefix.Length..].Trim() + "/"));
        }

        const string Prefix = "listening on ";
        if (stdout && line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            _listening.TrySetResult(line[Prefix.Length..].Trim());
        }
    }
}
