using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Libsql.Hosting.Packaging.Tests;

/// <summary>
/// The libraries as another solution gets them: package metadata, and a throwaway AppHost outside the solution that
/// takes Libsql.Hosting from the packed feed, builds with no warnings and lists the sqld resource in its model.
/// </summary>
public sealed class PackagingTests(PackagedLibraries packages) : IClassFixture<PackagedLibraries>
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void Each_package_carries_its_metadata_readme_and_xml_docs()
    {
        foreach (var project in PackagedLibraries.Projects)
        {
            var nupkg = Path.Combine(packages.Feed, $"{project}.{packages.Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains($"lib/net10.0/{project}.dll", entries);
            Assert.Contains($"lib/net10.0/{project}.xml", entries);
            Assert.Contains("README.md", entries);

            using var nuspecStream = zip.GetEntry($"{project}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(project, Value("id"));
            Assert.Equal(packages.Version, Value("version"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")), $"{project} has no description");
            Assert.Contains("libsql", Value("tags") ?? "", StringComparison.Ordinal);
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        }

        // Libsql.Hosting depends on the packed Libsql.Auth (same version), not on a project path.
        using var hosting = ZipFile.OpenRead(Path.Combine(packages.Feed, $"Libsql.Hosting.{packages.Version}.nupkg"));
        using var hostingNuspec = hosting.GetEntry("Libsql.Hosting.nuspec")!.Open();
        var dependencies = XDocument.Load(hostingNuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value, StringComparer.Ordinal);
        Assert.Equal(packages.Version, dependencies["Libsql.Auth"]);
        Assert.True(dependencies.ContainsKey("Aspire.Hosting"), "Libsql.Hosting must depend on Aspire.Hosting");
    }

    [Fact]
    public async Task A_throwaway_AppHost_takes_Libsql_Hosting_as_a_package_builds_clean_and_lists_sqld()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var app = Path.Combine(packages.Root, "ConsumerAppHost");
        WriteConsumerAppHost(app);

        var build = await DotnetCli.RunAsync(app, ["build", "-c", "Debug", "-warnaserror", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-nologo"], s_buildTimeout, cancellationToken);
        Assert.True(build.ExitCode == 0, $"the consumer AppHost did not build:{Environment.NewLine}{build.Output}");
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.Contains($"libsql.hosting/{packages.Version}", File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")).ToLowerInvariant(), StringComparison.Ordinal);

        // The model as Aspire publishes it: no container runtime needed.
        var manifestPath = Path.Combine(packages.Root, "manifest.json");
        var publish = await DotnetCli.RunAsync(app, ["run", "--no-build", "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", manifestPath], s_buildTimeout, cancellationToken);
        Assert.True(publish.ExitCode == 0 && File.Exists(manifestPath), $"manifest publishing failed ({publish.ExitCode}):{Environment.NewLine}{publish.Output}");

        var manifestText = await File.ReadAllTextAsync(manifestPath, cancellationToken);
        Assert.DoesNotContain("PRIVATE KEY", manifestText, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(manifestText);
        var db = manifest.RootElement.GetProperty("resources").GetProperty("db");
        Assert.StartsWith("container.v", db.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ghcr.io/tursodatabase/libsql-server:", db.GetProperty("image").GetString(), StringComparison.Ordinal);
        var volume = Assert.Single(db.GetProperty("volumes").EnumerateArray());
        Assert.Equal("/var/lib/sqld", volume.GetProperty("target").GetString());
        Assert.Contains("8080", db.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").ToString(), StringComparison.Ordinal);
    }

    private void WriteConsumerAppHost(string directory)
    {
        Directory.CreateDirectory(directory);

        // Stop MSBuild's upward search for Directory.*.props/targets at the temp folder.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(packages.Root, file), "<Project />\n");
        }

        // The local feed plus the sources the machine already uses (no <clear />): Aspire comes from there.
        File.WriteAllText(Path.Combine(packages.Root, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="libsql-local" value="feed" />
              </packageSources>
            </configuration>
            """);

        // Packages restore into the temp folder; everything but ours is found in the machine's global cache as a
        // fallback folder, so the check neither downloads Aspire again nor leaves our test builds in the cache.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "ConsumerAppHost.csproj"), $"""
            <Project Sdk="Aspire.AppHost.Sdk/13.6.4">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <UserSecretsId>{Guid.NewGuid()}</UserSecretsId>
                <RestorePackagesPath>{Path.Combine(packages.Root, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
                <!-- ASPIRE010 comes from the AppHost SDK itself (the Aspire CLI bundle is not used), not from our package. -->
                <NoWarn>$(NoWarn);ASPIRE010</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Aspire.Hosting.AppHost" Version="13.6.5" />
                <PackageReference Include="Libsql.Hosting" Version="{packages.Version}" />
                <!-- As in any AppHost on this feed: Aspire 13.6.5's companions, named to avoid NU1603. -->
                <PackageReference Include="Polly.Core" Version="8.8.0" />
                <PackageReference Include="Nerdbank.MessagePack" Version="1.3.88" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            var builder = DistributedApplication.CreateBuilder(args);

            builder.AddLibsql("db").WithDataVolume();

            builder.Build().Run();
            """);
    }
}
