using System.Diagnostics;
using System.Text.Json.Nodes;
using LibsqlAspire.Testing;

namespace Libsql.Auth.Tests;

/// <summary>Runs a script of tests/interop/jose with Node, the request as JSON on standard input (never in argv).</summary>
internal static class JoseScript
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>The script's exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, JsonObject? request, CancellationToken cancellationToken)
    {
        var node = Requires.NodeInterop();
        var start = new ProcessStartInfo(node, Path.Combine("jose", script))
        {
            // Node resolves 'jose' from the working directory's node_modules.
            WorkingDirectory = Path.Combine(Requires.RepositoryRoot, "tests", "interop"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await process.StandardInput.WriteAsync((request ?? []).ToJsonString().AsMemory(), cancellationToken);
        process.StandardInput.Close();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
