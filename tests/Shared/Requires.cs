using System.Diagnostics;

namespace LibsqlAspire.Testing;

/// <summary>
/// Guards for tests that need something outside .NET. A missing prerequisite skips the test with a
/// reason that names what to install; never a silent pass. Under CI (<c>CI=true</c>) the tools that
/// <c>.ci/run</c> installs are mandatory, so their absence fails instead of skipping.
/// </summary>
public static class Requires
{
    private static readonly Lazy<string?> s_node = new(() => FindOnPath("node"));
    private static readonly Lazy<bool> s_docker = new(() => Succeeds("docker", "info --format {{.ServerVersion}}", TimeSpan.FromSeconds(10)));

    /// <summary>True when running under the project's CI script.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root (the folder holding LibsqlAspire.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Node.js and the interop packages installed by <c>npm ci</c> in tests/interop.</summary>
    /// <returns>The path of the node executable.</returns>
    public static string NodeInterop()
    {
        var node = s_node.Value;
        MissingUnlessCi(node is null, "Node.js is not on PATH; install Node.js 20+ to run the interop checks.");
        var modules = Path.Combine(RepositoryRoot, "tests", "interop", "node_modules");
        MissingUnlessCi(!Directory.Exists(modules), "tests/interop/node_modules is missing; run `npm ci --prefix tests/interop`.");
        return node!;
    }

    /// <summary>The <c>openssl</c> command line (CI installs it; elsewhere its absence skips).</summary>
    /// <returns>The path of the openssl executable.</returns>
    public static string OpenSsl()
    {
        var openssl = FindOnPath("openssl");
        MissingUnlessCi(openssl is null, "openssl is not on PATH; install OpenSSL (apt-get install openssl) to cross-check key files with it.");
        return openssl!;
    }

    /// <summary>Skips the test (fails it under CI) when <paramref name="missing"/> is true.</summary>
    /// <param name="missing">Whether the prerequisite is missing.</param>
    /// <param name="reason">What is missing and how to get it.</param>
    public static void MissingUnlessCi(bool missing, string reason)
    {
        if (!missing)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"CI must provide this prerequisite: {reason}");
        }

        Assert.Skip(reason);
    }

    /// <summary>True when a Docker engine answers <c>docker info</c>; for fixtures, which cannot skip.</summary>
    public static bool IsDockerAvailable => s_docker.Value;

    /// <summary>A Docker engine that answers <c>docker info</c>.</summary>
    public static void Docker()
    {
        if (!s_docker.Value)
        {
            Assert.Skip("Docker not available: no Docker engine answered `docker info`.");
        }
    }

    /// <summary>Finds an executable on PATH.</summary>
    /// <param name="name">The executable's file name.</param>
    /// <returns>Its full path, or null.</returns>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Succeeds(string command, string arguments, TimeSpan timeout)
    {
        if (FindOnPath(command) is null)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibsqlAspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LibsqlAspire.sln not found above " + AppContext.BaseDirectory);
    }
}
