using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using LibsqlAspire.Testing;

namespace Libsql.Hosting.Packaging.Tests;

/// <summary>
/// The packages as another solution gets them: package metadata; a throwaway AppHost outside the solution that takes
/// LibsqlAspire.Hosting from the packed feed, builds with no warnings and lists the sqld resource in its model; and one
/// that runs with no container, falling back to the test server installed as a local tool from the packed feed.
/// </summary>
public sealed class PackagingTests(PackagedLibraries packages) : IClassFixture<PackagedLibraries>
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(3);

    // Direct dependencies that would make the ADO.NET provider a hosting package.
    private static readonly string[] s_hostingDependencies =
        ["Microsoft.Extensions.Hosting", "Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Options", "Microsoft.Extensions.Http", "OpenTelemetry"];

    [Fact]
    public void Each_package_carries_its_metadata_readme_and_xml_docs()
    {
        foreach (var project in PackagedLibraries.Projects)
        {
            var nupkg = Path.Combine(packages.Feed, $"{project.PackageId}.{packages.Version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (project.ToolCommand is { } command)
            {
                using var settings = zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open();
                var commandElement = XDocument.Load(settings).Descendants().Single(e => e.Name.LocalName == "Command");
                Assert.Equal(command, commandElement.Attribute("Name")?.Value);
                Assert.Contains($"tools/net10.0/any/{commandElement.Attribute("EntryPoint")?.Value}", entries);
            }
            else
            {
                Assert.Contains($"lib/net10.0/{project.Folder}.dll", entries);
                Assert.Contains($"lib/net10.0/{project.Folder}.xml", entries);
            }

            Assert.Contains("README.md", entries);

            var metadata = Nuspec(project.PackageId).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(project.PackageId, Value("id"));
            Assert.Equal(packages.Version, Value("version"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")), $"{project.PackageId} has no description");
            Assert.Contains("libsql", Value("tags") ?? "", StringComparison.Ordinal);
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        }

        // Packages depend on each other as packages of the same version (the prefixed IDs), not on project paths.
        Assert.Equal(packages.Version, Dependencies("LibsqlAspire.Hosting")["LibsqlAspire.Auth"]);
        Assert.True(Dependencies("LibsqlAspire.Hosting").ContainsKey("Aspire.Hosting"), "LibsqlAspire.Hosting must depend on Aspire.Hosting");

        // What the hosting package references and nothing else: neither the versions this repository pins for Aspire's
        // companions (Polly, Nerdbank.MessagePack) nor any other package the central version list names.
        // The hosting package speaks Hrana through the client's model (internal to both, so they ship at one version).
        Assert.Equal(["Aspire.Hosting", "LibsqlAspire.Auth", "LibsqlAspire.Client"], Dependencies("LibsqlAspire.Hosting").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(packages.Version, Dependencies("LibsqlAspire.Hosting")["LibsqlAspire.Client"]);
        Assert.Equal(packages.Version, Dependencies("LibsqlAspire.Client.Aspire")["LibsqlAspire.Client"]);
        Assert.Equal(packages.Version, Dependencies("LibsqlAspire.TestServer")["LibsqlAspire.Client"]);

        // The provider carries no hosting dependencies; the Aspire client integration does.
        Assert.DoesNotContain(Dependencies("LibsqlAspire.Client").Keys, id => s_hostingDependencies.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains("OpenTelemetry.Extensions.Hosting", Dependencies("LibsqlAspire.Client.Aspire").Keys);
    }

    [Fact]
    public async Task A_throwaway_AppHost_takes_LibsqlAspire_Hosting_as_a_package_builds_clean_and_lists_sqld()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var app = WriteAppHost("ConsumerAppHost", [], """
            var builder = DistributedApplication.CreateBuilder(args);

            builder.AddLibsql("db").WithDataVolume();

            builder.Build().Run();
            """);

        await BuildAsync(app, cancellationToken);
        Assert.Contains($"libsqlaspire.hosting/{packages.Version}", File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")).ToLowerInvariant(), StringComparison.Ordinal);

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

    [Fact]
    public async Task Without_a_container_the_packaged_AppHost_runs_the_test_server_tool_to_healthy_and_answers_SELECT_1()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var app = WriteAppHost("FallbackAppHost", ["LibsqlAspire.Client"], """
            using Aspire.Hosting.ApplicationModel;
            using Libsql.Client;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });

            // No local process given: the overload for package consumers finds the test server tool.
            var db = builder.AddLibsqlWithLocalFallback("db");

            // Once sqld is healthy: SELECT 1 over Hrana through the client package, with the connection string (and its
            // token) that consumers get. Then the AppHost stops itself.
            var resultPath = builder.Configuration["Probe:ResultPath"] ?? throw new InvalidOperationException("Probe:ResultPath is not set.");
            builder.Eventing.Subscribe<ResourceReadyEvent>(db.Resource, async (@event, cancellationToken) =>
            {
                string result;
                try
                {
                    var connectionString = await db.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
                        ?? throw new InvalidOperationException("db has no connection string.");
                    await using var client = new LibsqlClient(connectionString);
                    var rows = await client.ExecuteAsync("SELECT 1", cancellationToken: cancellationToken);
                    result = $"{db.Resource.GetType().Name}: SELECT 1 = {rows.Rows[0].GetValue<long>(0)}; token: {connectionString.Contains("AuthToken=", StringComparison.Ordinal)}";
                }
                catch (Exception e)
                {
                    result = "failed: " + e;
                }

                await File.WriteAllTextAsync(resultPath, result, CancellationToken.None);
                @event.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            });

            builder.Build().Run();
            """);

        // The tool as a consumer installs it: a local tool manifest beside the AppHost, the package from the feed.
        var manifest = await DotnetCli.RunAsync(app, ["new", "tool-manifest"], s_buildTimeout, cancellationToken, PackagesEnvironment);
        Assert.True(manifest.ExitCode == 0, $"dotnet new tool-manifest failed:{Environment.NewLine}{manifest.Output}");
        var install = await DotnetCli.RunAsync(app, ["tool", "install", "LibsqlAspire.TestServer.Tool", "--version", packages.Version], s_buildTimeout, cancellationToken, PackagesEnvironment);
        SkipWhenTheFeedIsUnreachable(install);
        Assert.True(install.ExitCode == 0, $"the tool did not install from the feed:{Environment.NewLine}{install.Output}");
        await BuildAsync(app, cancellationToken);

        // No container: the run mode forced to the local process (an unknown ASPIRE_CONTAINER_RUNTIME would stop DCP).
        var resultPath = Path.Combine(packages.Root, "fallback-result.txt");
        var run = await DotnetCli.RunAsync(
            app,
            ["run", "--no-build", "--no-launch-profile", "--", $"--Probe:ResultPath={resultPath}", "--Libsql:RunMode=LocalProcess"],
            s_runTimeout,
            cancellationToken,
            new Dictionary<string, string>(PackagesEnvironment) { ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true", ["DOTNET_ENVIRONMENT"] = "Development" });

        Assert.True(run.ExitCode == 0 && File.Exists(resultPath), $"the AppHost failed ({run.ExitCode}):{Environment.NewLine}{run.Output}");
        Assert.Equal("LibsqlExecutableResource: SELECT 1 = 1; token: True", await File.ReadAllTextAsync(resultPath, cancellationToken));
    }

    // `dotnet tool` installs into the NuGet packages folder and `dotnet tool run` looks there: the run's own folder.
    private Dictionary<string, string> PackagesEnvironment => new() { ["NUGET_PACKAGES"] = packages.PackagesFolder };

    private static void SkipWhenTheFeedIsUnreachable(DotnetCli.Result result)
    {
        // NU1301: a package source could not be reached (an offline machine); CI must reach it.
        if (result.ExitCode != 0 && result.Output.Contains("NU1301", StringComparison.Ordinal))
        {
            var reason = $"a NuGet source is unreachable (NU1301), so the throwaway projects cannot restore:{Environment.NewLine}{result.Output}";
            if (Requires.IsCi)
            {
                Assert.Fail("CI must reach the NuGet sources: " + reason);
            }

            Assert.Skip(reason);
        }
    }

    private static async Task BuildAsync(string app, CancellationToken cancellationToken)
    {
        var build = await DotnetCli.RunAsync(app, ["build", "-c", "Debug", "-warnaserror", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-nologo"], s_buildTimeout, cancellationToken);
        SkipWhenTheFeedIsUnreachable(build);
        Assert.True(build.ExitCode == 0, $"the consumer AppHost did not build:{Environment.NewLine}{build.Output}");
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);
    }

    private XDocument Nuspec(string packageId)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packages.Feed, $"{packageId}.{packages.Version}.nupkg"));
        using var stream = zip.GetEntry($"{packageId}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    private Dictionary<string, string> Dependencies(string packageId) =>
        Nuspec(packageId).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value, StringComparer.Ordinal);

    private string WriteAppHost(string name, IReadOnlyList<string> ourPackages, string program)
    {
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

        // Packages restore into the run's packages folder; everything but ours is found in the machine's global cache
        // as a fallback folder, so the check neither downloads Aspire again nor leaves our test builds in the cache.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var references = string.Concat(ourPackages.Select(id => $"""{Environment.NewLine}    <PackageReference Include="{id}" Version="{packages.Version}" />"""));
        var directory = Directory.CreateDirectory(Path.Combine(packages.Root, name)).FullName;
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Aspire.AppHost.Sdk/13.6.4">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <UserSecretsId>{Guid.NewGuid()}</UserSecretsId>
                <RestorePackagesPath>{packages.PackagesFolder}</RestorePackagesPath>
                <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
                <!-- ASPIRE010 comes from the AppHost SDK itself (the Aspire CLI bundle is not used), not from our package. -->
                <NoWarn>$(NoWarn);ASPIRE010</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Aspire.Hosting.AppHost" Version="13.6.5" />
                <PackageReference Include="LibsqlAspire.Hosting" Version="{packages.Version}" />{references}
                <!-- As in any AppHost on this feed: Aspire 13.6.5's companions, named to avoid NU1603. -->
                <PackageReference Include="Polly.Core" Version="8.8.0" />
                <PackageReference Include="Nerdbank.MessagePack" Version="1.3.88" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return directory;
    }
}
