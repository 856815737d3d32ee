using System.Diagnostics;
using System.Text;

namespace Libsql.Hosting.Packaging.Tests;

/// <summary>Runs the <c>dotnet</c> CLI as a child process and captures what it prints.</summary>
internal static class DotnetCli
{
    /// <summary>The outcome of one command.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Output">Standard output and standard error, interleaved as they arrived.</param>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <c>dotnet</c> with the arguments and waits for it to exit.</summary>
    /// <param name="workingDirectory">Where the command runs.</param>
    /// <param name="arguments">The arguments after <c>dotnet</c>.</param>
    /// <param name="timeout">How long it may take; then the process tree is killed and a <see cref="TimeoutException"/> thrown.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="environment">Variables to set for the command (and what it starts).</param>
    /// <returns>The exit code and the output.</returns>
    public static async Task<Result> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would leak into a nested build.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        // No build servers: a compiler or MSBuild node left running would hold our pipes open (and outlive the test).
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["UseSharedCompilation"] = "false";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {string.Join(' ', startInfo.ArgumentList)}` did not finish within {timeout}:{Environment.NewLine}{output}");
        }

        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }
}
