using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Finds the sqld-compatible executable an AppHost that consumes the packages can run without a container runtime:
/// the configuration key <c>Libsql:LocalServer</c>, else the <c>libsql-test-server</c> command of the package
/// <c>LibsqlAspire.TestServer.Tool</c> in a local tool manifest (from the AppHost's directory upwards, as
/// <c>dotnet tool run</c> searches), else that command installed as a global tool.
/// </summary>
internal static class LibsqlLocalServerLocator
{
    /// <summary>The configuration key naming an executable (a path, or a name found on PATH) to run instead.</summary>
    public const string ConfigurationKey = "Libsql:LocalServer";

    /// <summary>The command of the tool package.</summary>
    public const string ToolCommand = "libsql-test-server";

    /// <summary>The tool package's ID.</summary>
    public const string ToolPackageId = "LibsqlAspire.TestServer.Tool";

    /// <summary>Looks in the places named in the type's summary, in that order.</summary>
    /// <param name="configuration">The AppHost's configuration.</param>
    /// <param name="appHostDirectory">The AppHost project's directory, where the manifest search starts.</param>
    /// <param name="environment">Reads an environment variable (<c>PATH</c>, <c>DOTNET_CLI_HOME</c>, <c>HOME</c>).</param>
    /// <returns>The process to run, or null with the places searched, for the error that says how to install it.</returns>
    public static (LibsqlLocalProcess? Process, IReadOnlyList<string> Searched) Find(IConfiguration configuration, string appHostDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(appHostDirectory);
        ArgumentNullException.ThrowIfNull(environment);

        var searched = new List<string> { $"configuration '{ConfigurationKey}'" };
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            // A path is taken relative to the AppHost's directory, like the process's working directory; a bare name is
            // left for the operating system to find on PATH.
            return (new LibsqlLocalProcess(IsPath(configured) ? Path.GetFullPath(configured, appHostDirectory) : configured), searched);
        }

        var directory = new DirectoryInfo(Path.GetFullPath(appHostDirectory));
        while (directory is not null)
        {
            var isRoot = false;
            foreach (var manifest in new[] { Path.Combine(directory.FullName, ".config", "dotnet-tools.json"), Path.Combine(directory.FullName, "dotnet-tools.json") })
            {
                var (listsTool, manifestIsRoot, error) = ReadManifest(manifest);
                searched.Add(error is null ? manifest : $"{manifest} (unreadable: {error})");
                if (listsTool)
                {
                    // `dotnet tool run` finds the manifest from its working directory, so it runs where the manifest is.
                    return (new LibsqlLocalProcess("dotnet", ["tool", "run", ToolCommand], directory.FullName), searched);
                }

                isRoot |= manifestIsRoot;
            }

            // A manifest marked isRoot ends the search upwards, as it does for `dotnet tool run`.
            directory = isRoot ? null : directory.Parent;
        }

        var executable = OperatingSystem.IsWindows() ? ToolCommand + ".exe" : ToolCommand;
        var folders = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        if ((environment("DOTNET_CLI_HOME") is { Length: > 0 } cliHome ? cliHome : environment("HOME") ?? environment("USERPROFILE")) is { Length: > 0 } home)
        {
            // Where `dotnet tool install --global` puts tools; not always on PATH (e.g. under a service manager).
            folders.Add(Path.Combine(home, ".dotnet", "tools"));
        }

        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate))
            {
                return (new LibsqlLocalProcess(candidate), searched);
            }
        }

        searched.Add($"'{executable}' on PATH and in ~/.dotnet/tools");
        return (null, searched);
    }

    /// <summary>
    /// Why the executable named by <see cref="ConfigurationKey"/> cannot run (no such file, or no such command on
    /// PATH), or null when it can or the key is not set. Checked only once the server is to run locally.
    /// </summary>
    /// <param name="configuration">The AppHost's configuration.</param>
    /// <param name="appHostDirectory">The AppHost project's directory, against which a relative path resolves.</param>
    /// <param name="environment">Reads an environment variable (<c>PATH</c>).</param>
    /// <returns>The message, saying what to set instead.</returns>
    public static string? ConfiguredExecutableProblem(IConfiguration configuration, string appHostDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (configuration[ConfigurationKey] is not { Length: > 0 } configured)
        {
            return null;
        }

        bool found;
        string looked;
        if (IsPath(configured))
        {
            var full = Path.GetFullPath(configured, appHostDirectory);
            found = File.Exists(full);
            looked = $"there is no file '{full}'";
        }
        else
        {
            var names = OperatingSystem.IsWindows() && !Path.HasExtension(configured) ? new[] { configured + ".exe", configured } : [configured];
            found = (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(folder => names.Any(name => File.Exists(Path.Combine(folder, name))));
            looked = $"no '{configured}' is on PATH";
        }

        return found
            ? null
            : $"{ConfigurationKey} is set to '{configured}', but {looked}. Set it to the path of a sqld-compatible executable " +
              $"(absolute, or relative to the AppHost's directory '{appHostDirectory}') or to a command on PATH, or remove it to " +
              $"run the {ToolPackageId} tool.";
    }

    /// <summary>The error of an AppHost that must run sqld locally and found nothing to run.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="why">Why the server runs locally.</param>
    /// <param name="searched">The places looked at.</param>
    /// <returns>The message: what is missing, how to install it, where it was looked for.</returns>
    public static string NotFoundMessage(string name, string why, IReadOnlyList<string> searched) =>
        $"{why} No sqld-compatible executable was found for libSQL server '{name}'. Install the test server as a local " +
        $"tool of the solution: `dotnet new tool-manifest` (once), then `dotnet tool install {ToolPackageId}`; or as a " +
        $"global tool: `dotnet tool install --global {ToolPackageId}`; or set {ConfigurationKey} to the path of a sqld " +
        $"executable. Looked at: {string.Join("; ", searched)}.";

    private static bool IsPath(string command) =>
        Path.IsPathRooted(command) || command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || command.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);

    private static (bool ListsTool, bool IsRoot, string? Error) ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            return (false, false, null);
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (false, false, "not a JSON object");
            }

            var isRoot = root.TryGetProperty("isRoot", out var rootFlag) && rootFlag.ValueKind == JsonValueKind.True;
            var listsTool = root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Object
                && tools.EnumerateObject().Any(tool =>
                    tool.Value.ValueKind == JsonValueKind.Object
                    && tool.Value.TryGetProperty("commands", out var commands)
                    && commands.ValueKind == JsonValueKind.Array
                    && commands.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.GetString() == ToolCommand));
            return (listsTool, isRoot, null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Not fatal here: the container may be chosen anyway; the not-found error then names the broken file.
            return (false, false, e.Message);
        }
    }
}
