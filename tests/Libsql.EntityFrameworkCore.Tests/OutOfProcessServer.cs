using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Libsql.Auth;

namespace Libsql.EntityFrameworkCore.Tests;

/// <summary>
/// The Libsql.TestServer.Tool executable as a child process with auth on, for measurements of this process's heap that the
/// server's own buffers must not blur.
/// </summary>
internal sealed class OutOfProcessServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private OutOfProcessServer(Process process, DirectoryInfo data, string connectionString)
    {
        _process = process;
        _data = data;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<OutOfProcessServer> StartAsync(CancellationToken cancellationToken)
    {
        using var key = LibsqlSigningKey.Generate();
        var data = Directory.CreateTempSubdirectory("libsql-ef-stream-");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var directory = typeof(OutOfProcessServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestServerToolDirectory").Value!;
        var start = new ProcessStartInfo(Path.Combine(directory, OperatingSystem.IsWindows() ? "Libsql.TestServer.Tool.exe" : "Libsql.TestServer.Tool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.Environment["SQLD_HTTP_LISTEN_ADDR"] = $"127.0.0.1:{port}";
        start.Environment["SQLD_DB_PATH"] = data.FullName;
        start.Environment["SQLD_AUTH_JWT_KEY"] = key.PublicKey.ToBase64Url();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The test server did not start.");
        var server = new OutOfProcessServer(process, data, $"Endpoint=http://127.0.0.1:{port};AuthToken={key.MintToken()}");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening on ", StringComparison.Ordinal))
                {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return server;
                }
            }

            await process.WaitForExitAsync(timeout.Token);
            lock (errors)
            {
                throw new InvalidOperationException("The test server exited before listening:\n" + errors);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _data.Delete(recursive: true);
    }
}
