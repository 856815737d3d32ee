using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace AppHost.Tests.Container;

/// <summary>Runs the container runtime's CLI (podman or docker) and captures its output.</summary>
internal static class ContainerCli
{
    /// <summary>The outcome of one command.</summary>
    /// <param name="ExitCode">The exit code; -1 when the command could not start or timed out.</param>
    /// <param name="StandardOutput">What it printed on stdout, trimmed.</param>
    /// <param name="StandardError">What it printed on stderr, trimmed.</param>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>True for exit code 0.</summary>
        public bool Succeeded => ExitCode == 0;

        /// <inheritdoc />
        public override string ToString() => $"exit {ExitCode}; stdout: {StandardOutput}; stderr: {StandardError}";
    }

    public static Result Run(string command, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (Win32Exception e)
        {
            return new Result(-1, "", e.Message);
        }

        using (process)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new Result(-1, stdout.ToString().Trim(), $"timed out after {timeout}: {stderr.ToString().Trim()}");
            }

            process.WaitForExit(); // flushes the asynchronous readers
            lock (stdout)
            {
                lock (stderr)
                {
                    return new Result(process.ExitCode, stdout.ToString().Trim(), stderr.ToString().Trim());
                }
            }
        }
    }
}
