using System.Reflection;
using LibsqlAspire.Testing;

namespace Libsql.Hosting.Packaging.Tests;

/// <summary>
/// Packs every package of the solution once (no rebuild: the project references built them in this test project's
/// configuration) into a temporary feed, under a version no other run or cache has seen.
/// </summary>
public sealed class PackagedLibraries : IAsyncLifetime
{
    /// <summary>The packed projects, in dependency order.</summary>
    public static readonly IReadOnlyList<PackagedProject> Projects =
    [
        new("Libsql.Auth"),
        new("Libsql.Auth.Cli", ToolCommand: "libsql-auth"),
        new("Libsql.Client"),
        new("Libsql.Client.Aspire"),
        new("Libsql.Hosting"),
        new("Libsql.TestServer"),
        new("Libsql.TestServer.Tool", ToolCommand: "libsql-test-server"),
    ];

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A temporary folder outside the repository; deleted on dispose.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"libsql-packaging-{Guid.NewGuid():N}");

    /// <summary>The folder holding the .nupkg files (the consumer's local package source).</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>A unique prerelease version, so the global NuGet cache can never hand back an older build.</summary>
    public string Version { get; } = $"0.1.0-packcheck.{DateTime.UtcNow:yyyyMMddHHmmss}";

    /// <summary>
    /// The NuGet packages folder of everything the throwaway projects restore or install (the tool included), so
    /// none of this run's packages lands in the machine's global cache.
    /// </summary>
    public string PackagesFolder => Path.Combine(Root, "packages");

    /// <summary>The build configuration the libraries were built in.</summary>
    public static string Configuration { get; } =
        typeof(PackagedLibraries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var project in Projects.Select(p => p.Folder))
        {
            var path = Path.Combine(Requires.RepositoryRoot, project, project + ".csproj");
            var result = await DotnetCli.RunAsync(Root, ["pack", path, "-c", Configuration, "--no-build", "-o", Feed, $"-p:PackageVersion={Version}", "-nologo"], s_packTimeout, CancellationToken.None);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed ({result.ExitCode}):{Environment.NewLine}{result.Output}");
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }

        return ValueTask.CompletedTask;
    }
}
