using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Decides, while the model is built, whether the sqld container can run: the container runtime Aspire would use
/// answers <c>info</c>, and the pinned image is already present (Auto mode never triggers a registry pull).
/// </summary>
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
            if (!Run(runtime, ["info"]))
            {
                reasons.Add($"'{runtime} info' did not answer");
                continue;
            }

            if (!Run(runtime, ["image", "inspect", image]))
            {
                return (false, $"the container runtime '{runtime}' answers but the image {image} is not present locally (run `{runtime} pull {image}`).");
            }

            return (true, $"'{runtime}' answers and holds {image}.");
        }

        return (false, $"no usable container runtime ({string.Join("; ", reasons)}).");
    }

    private static bool Run(string command, string[] arguments)
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
                return false;
            }

            // Drain both pipes so a chatty runtime cannot block on a full buffer.
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
