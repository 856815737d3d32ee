using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Decides, while the model is built, whether the sqld container can run: the container runtime Aspire would use
/// holds the pinned image (Auto mode never triggers a registry pull).
/// </summary>
/// <remarks>
/// One <c>image inspect</c> per runtime answers both questions, since only a runtime that answers can say an image is
/// unknown. It runs before anything else starts, so every call is on the AppHost's start-up path: <c>podman info</c>
/// alone takes most of a second, gathering host details nothing here reads.
/// </remarks>
internal static class LibsqlContainerRuntimeProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static (bool CanRun, string Reason) Probe(IConfiguration configuration, string image)
    {
        // Aspire's own choice first (ASPIRE_CONTAINER_RUNTIME, or DcpPublisher:ContainerRuntime); else DCP's order.
        var chosen = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DcpPublisher:ContainerRuntime"];
        string[] runtimes = string.IsNullOrWhiteSpace(chosen) ? ["docker", "podman"] : [chosen.Trim().ToLowerInvariant()];

        var reasons = new List<string>();
        foreach (var runtime in runtimes)
        {
            var (succeeded, error) = Run(runtime, ["image", "inspect", image]);
            if (succeeded)
            {
                return (true, $"'{runtime}' answers and holds {image}.");
            }

            if (IsImageNotFound(error))
            {
                return (false, $"the container runtime '{runtime}' answers but the image {image} is not present locally (run `{runtime} pull {image}`).");
            }

            reasons.Add($"'{runtime} image inspect' did not answer{(error.Length > 0 ? $" ({error})" : "")}");
        }

        return (false, $"no usable container runtime ({string.Join("; ", reasons)}).");
    }

    // Docker: "Error: No such image: <ref>" (or "Error response from daemon: No such image: ..."); Podman: "Error:
    // <ref>: image not known". Anything else (no daemon, no permission) means the runtime could not be asked.
    private static bool IsImageNotFound(string error) =>
        error.Contains("No such image", StringComparison.OrdinalIgnoreCase)
        || error.Contains("image not known", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the runtime's command; the exit status and the first line of its error output.</summary>
    private static (bool Succeeded, string Error) Run(string command, string[] arguments)
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

        try
        {
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return (false, "");
            }

            // Drain both pipes so a chatty runtime cannot block on a full buffer.
            string? firstError = null;
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    Interlocked.CompareExchange(ref firstError, e.Data.Trim(), null);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"no answer within {s_timeout.TotalSeconds:0} s");
            }

            // The parameterless wait returns once the redirected streams are drained too.
            process.WaitForExit();
            return (process.ExitCode == 0, firstError ?? "");
        }
        catch (Win32Exception)
        {
            return (false, "");
        }
    }
}
