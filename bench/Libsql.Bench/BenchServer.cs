using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Libsql.Auth;

namespace Libsql.Bench;

/// <summary>
/// Libsql.TestServer in its own process on a file database, with JWT auth on like a real deployment. Out of
/// process so the client's managed memory is measured alone and every client reaches the server the same way.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchServer(Process process, string directory, Uri uri, string token)
    {
        _process = process;
        _directory = directory;
        Uri = uri;
        Token = token;
    }

    public Uri Uri { get; }

    public string Token { get; }

    public string ConnectionString => $"Endpoint={Uri};AuthToken={Token}";

    public static async Task<BenchServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "libsql-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var key = LibsqlSigningKey.Generate();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Libsql.TestServer.Tool.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["SQLD_HTTP_LISTEN_ADDR"] = $"127.0.0.1:{port}",
                ["SQLD_DB_PATH"] = directory,
                ["SQLD_AUTH_JWT_KEY"] = key.PublicKey.ToBase64Url(),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new BenchServer(process, directory, new Uri(line["listening on ".Length..].Trim() + "/"), key.MintToken());
            }
        }

        throw new InvalidOperationException("Libsql.TestServer exited before listening.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
