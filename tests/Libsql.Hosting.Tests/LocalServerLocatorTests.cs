using Microsoft.Extensions.Configuration;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

/// <summary>How an AppHost that consumes the packages finds the test server tool, and what it says when there is none.</summary>
public sealed class LocalServerLocatorTests : IDisposable
{
    private const string ToolManifest = """
        {
          "version": 1,
          "isRoot": true,
          "tools": {
            "libsqlaspire.testserver.tool": { "version": "0.1.0", "commands": [ "libsql-test-server" ], "rollForward": false }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("libsql-locator-").FullName;

    private static IConfiguration NoConfiguration { get; } = new ConfigurationBuilder().Build();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_local_tool_manifest_above_the_apphost_runs_the_tool_from_the_manifests_folder()
    {
        WriteFile(Path.Combine(_root, ".config", "dotnet-tools.json"), ToolManifest);
        var appHost = Directory.CreateDirectory(Path.Combine(_root, "src", "AppHost")).FullName;

        var (process, _) = LibsqlLocalServerLocator.Find(NoConfiguration, appHost, NoEnvironment);

        Assert.NotNull(process);
        Assert.Equal("dotnet", process.Command);
        Assert.Equal(["tool", "run", "libsql-test-server"], process.Args);
        Assert.Equal(_root, process.WorkingDirectory);
    }

    [Fact]
    public void The_configuration_key_wins_over_a_manifest()
    {
        WriteFile(Path.Combine(_root, "dotnet-tools.json"), ToolManifest);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Libsql:LocalServer", "/opt/sqld/bin/sqld")]).Build();

        var (process, _) = LibsqlLocalServerLocator.Find(configuration, _root, NoEnvironment);

        Assert.Equal(new LibsqlLocalProcess("/opt/sqld/bin/sqld"), process);
    }

    [Fact]
    public void Libsql_LocalServer_is_the_executable_the_fallback_runs_a_relative_path_from_the_apphosts_directory()
    {
        WriteFile(Path.Combine(_root, "dotnet-tools.json"), ToolManifest);
        var sqld = Path.Combine(_root, "bin", "sqld");
        WriteFile(sqld, "");
        using var builder = RunModeBuilder("--Libsql:LocalServer=bin/sqld", "--Libsql:RunMode=LocalProcess");

        var db = LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, null, _root, NoEnvironment);

        var executable = Assert.IsType<LibsqlExecutableResource>(db.Resource);
        Assert.Equal(sqld, executable.Command);
    }

    [Theory]
    [InlineData("bin/no-sqld-here", "there is no file")]
    [InlineData("no-such-sqld-command", "no 'no-such-sqld-command' is on PATH")]
    public void A_Libsql_LocalServer_that_does_not_exist_stops_the_apphost_saying_what_to_set(string value, string why)
    {
        using var builder = RunModeBuilder($"--Libsql:LocalServer={value}", "--Libsql:RunMode=LocalProcess");

        var error = Assert.Throws<InvalidOperationException>(() =>
            LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, null, _root, name => name == "PATH" ? _root : null));

        Assert.StartsWith($"libSQL server 'db' runs as a local process, and Libsql:LocalServer is set to '{value}', but {why}", error.Message, StringComparison.Ordinal);
        Assert.Contains("or to a command on PATH, or remove it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Libsql_LocalServer_that_does_not_exist_does_not_matter_when_the_container_is_used()
    {
        using var builder = RunModeBuilder("--Libsql:LocalServer=/no/such/sqld");

        var db = LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, LibsqlRunMode.Container, _root, NoEnvironment);

        Assert.IsType<LibsqlServerResource>(db.Resource);
    }

    [Fact]
    public void A_root_manifest_without_the_tool_ends_the_search_upwards()
    {
        WriteFile(Path.Combine(_root, ".config", "dotnet-tools.json"), ToolManifest);
        var inner = Path.Combine(_root, "inner");
        WriteFile(Path.Combine(inner, ".config", "dotnet-tools.json"), """{ "version": 1, "isRoot": true, "tools": {} }""");

        var (process, searched) = LibsqlLocalServerLocator.Find(NoConfiguration, inner, NoEnvironment);

        Assert.Null(process);
        Assert.DoesNotContain(Path.Combine(_root, ".config", "dotnet-tools.json"), searched);
    }

    [Fact]
    public void A_global_tool_is_found_in_the_dotnet_tools_folder_even_off_PATH()
    {
        var tool = Path.Combine(_root, "home", ".dotnet", "tools", OperatingSystem.IsWindows() ? "libsql-test-server.exe" : "libsql-test-server");
        WriteFile(tool, "");
        var appHost = Directory.CreateDirectory(Path.Combine(_root, "apphost")).FullName;
        WriteFile(Path.Combine(appHost, "dotnet-tools.json"), """{ "version": 1, "isRoot": true, "tools": {} }""");

        var (process, _) = LibsqlLocalServerLocator.Find(NoConfiguration, appHost, name => name == "HOME" ? Path.Combine(_root, "home") : null);

        Assert.Equal(new LibsqlLocalProcess(tool), process);
    }

    [Fact]
    public void Without_a_container_runtime_or_a_tool_the_apphost_says_how_to_install_it()
    {
        var appHost = Directory.CreateDirectory(Path.Combine(_root, "apphost")).FullName;
        WriteFile(Path.Combine(appHost, "dotnet-tools.json"), """{ "version": 1, "isRoot": true, "tools": {} }""");
        using var builder = RunModeBuilder("--ASPIRE_CONTAINER_RUNTIME=no-such-runtime-here");

        var error = Assert.Throws<InvalidOperationException>(() =>
            LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, null, appHost, NoEnvironment));

        Assert.Contains("no-such-runtime-here", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet new tool-manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install LibsqlAspire.TestServer.Tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install --global LibsqlAspire.TestServer.Tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("Libsql:LocalServer", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(appHost, "dotnet-tools.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tool_does_not_matter_when_the_container_is_used()
    {
        var appHost = Directory.CreateDirectory(Path.Combine(_root, "apphost")).FullName;
        WriteFile(Path.Combine(appHost, "dotnet-tools.json"), """{ "version": 1, "isRoot": true, "tools": {} }""");
        using var builder = RunModeBuilder();

        var db = LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, LibsqlRunMode.Container, appHost, NoEnvironment);

        Assert.IsType<LibsqlServerResource>(db.Resource);
    }

    [Fact]
    public async Task The_fallback_runs_the_manifests_tool_with_sqlds_contract()
    {
        WriteFile(Path.Combine(_root, ".config", "dotnet-tools.json"), ToolManifest);
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={NewSeed()}", "--Libsql:RunMode=LocalProcess");

        var db = LibsqlBuilderExtensions.AddLibsqlWithLocalTestServer(builder, "db", null, null, null, _root, NoEnvironment);
        using var app = builder.Build();
        Allocate(db.Resource);
        var (environment, arguments) = await GetConfigurationAsync(app, db.Resource);

        var executable = Assert.IsType<LibsqlExecutableResource>(db.Resource);
        Assert.Equal("dotnet", executable.Command);
        Assert.Equal(_root, executable.WorkingDirectory);
        Assert.Equal(["tool", "run", "libsql-test-server"], arguments.Select(a => a.Value));
        Assert.Contains("SQLD_AUTH_JWT_KEY", environment.Keys);
    }

    [Fact]
    public void An_unreadable_manifest_is_named_in_what_was_searched()
    {
        WriteFile(Path.Combine(_root, "dotnet-tools.json"), "{ not json");

        var (process, searched) = LibsqlLocalServerLocator.Find(NoConfiguration, _root, NoEnvironment);

        Assert.Null(process);
        Assert.Contains(searched, s => s.StartsWith(Path.Combine(_root, "dotnet-tools.json") + " (unreadable:", StringComparison.Ordinal));
    }

    private static string? NoEnvironment(string name) => null;

    private static void WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
