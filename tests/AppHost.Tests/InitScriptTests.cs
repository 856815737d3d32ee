using System.Net;
using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Libsql.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>
/// WithInitFiles and WithCreationScript end to end: a server of their own (the test server as a local process, under
/// DCP) with a data folder, started, stopped and started again.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class InitScriptTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("libsql-init-e2e-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Init_files_and_a_creation_script_run_once_before_healthy_and_not_again_on_a_restart_with_the_data()
    {
        var init = _root.CreateSubdirectory("init");
        // Run in name order: 02 needs the table 01 creates.
        await File.WriteAllTextAsync(Path.Combine(init.FullName, "02-seed.sql"), "INSERT INTO items (name) VALUES ('b'); INSERT INTO items (name) VALUES ('c;d');", Token);
        await File.WriteAllTextAsync(Path.Combine(init.FullName, "01-schema.sql"), """
            -- the schema
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE audit (item_id INTEGER);
            CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN
              INSERT INTO audit VALUES (new.id);
            END;
            INSERT INTO items (name) VALUES ('a');
            """, Token);
        var data = _root.CreateSubdirectory("data").FullName;

        await using (var first = await StartAsync(init.FullName, data))
        {
            // Healthy means seeded: nothing is read before the health wait returned.
            Assert.Equal("3", await ScalarAsync(first, "initdb", null, "SELECT count(*) FROM items"));
            Assert.Equal("3", await ScalarAsync(first, "initdb", null, "SELECT count(*) FROM audit"));
            Assert.Equal("c;d", await ScalarAsync(first, "initdb", null, "SELECT name FROM items WHERE id = 3"));
            Assert.Equal("2", await ScalarAsync(first, "orders", "orders", "SELECT count(*) FROM o"));
            Assert.Equal("1", await ScalarAsync(first, "initdb", null, "INSERT INTO items (name) VALUES ('added later') RETURNING 1"));
            await first.StopAsync(Token);
        }

        await using var second = await StartAsync(init.FullName, data);
        Assert.Equal("4", await ScalarAsync(second, "initdb", null, "SELECT count(*) FROM items"));
        Assert.Equal("2", await ScalarAsync(second, "orders", "orders", "SELECT count(*) FROM o"));
        var log = await AppHostRunner.ResourceLogAsync(second, "initdb", Token);
        Assert.Contains("init scripts are not run", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_init_file_stops_the_server_with_the_statement_and_error_in_its_log_and_applies_nothing()
    {
        var init = _root.CreateSubdirectory("init");
        await File.WriteAllTextAsync(Path.Combine(init.FullName, "01-ok.sql"), "CREATE TABLE a (x); INSERT INTO a VALUES (1);", Token);
        var bad = Path.Combine(init.FullName, "02-bad.sql");
        await File.WriteAllTextAsync(bad, "INSERT INTO a VALUES (2);\nINSERT INTO missing_table VALUES (3);", Token);
        var data = _root.CreateSubdirectory("data").FullName;

        await using var app = await BuildAsync(init.FullName, data);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(s_timeout);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceAsync("initdb", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);

        var log = await AppHostRunner.ResourceLogAsync(app, "initdb", Token);
        Assert.Contains("02-bad.sql", log, StringComparison.Ordinal);
        Assert.Contains("statement 2 of 2", log, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO missing_table VALUES (3)", log, StringComparison.Ordinal);
        Assert.Contains("no such table: missing_table", log, StringComparison.Ordinal);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("initdb", out var state));
        Assert.NotEqual(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, state.Snapshot.HealthStatus);

        // Fixed and started again: the database was left empty (nothing of 01 was committed), so all files run now.
        await File.WriteAllTextAsync(bad, "INSERT INTO a VALUES (2);", Token);
        var started = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("initdb"), KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, started.Message);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("initdb", timeout.Token);
        Assert.Equal("2", await ScalarAsync(app, "initdb", null, "SELECT count(*) FROM a"));
    }

    private static async Task<DistributedApplication> StartAsync(string initFiles, string data)
    {
        var app = await BuildAsync(initFiles, data);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(s_timeout);
        try
        {
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("initdb", timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("orders", timeout.Token);
            return app;
        }
        catch (Exception ex) when (ex is OperationCanceledException or DistributedApplicationException)
        {
            var log = await AppHostRunner.ResourceLogAsync(app, "initdb", Token);
            await app.DisposeAsync();
            throw new InvalidOperationException($"The server did not become healthy within {s_timeout}. Its log:\n{log}", ex);
        }
    }

    private static async Task<DistributedApplication> BuildAsync(string initFiles, string data)
    {
        // The AppHost project supplies DCP and the dashboard-less testing setup; its own resources are replaced by a
        // server of this test's own. A fixed key keeps the AppHost's user secrets untouched.
        using var key = LibsqlSigningKey.Generate();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Libsql:RunMode=LocalProcess", $"--Parameters:initdb-signing-key={key.ExportBase64Url()}"], Token);
        foreach (var resource in builder.Resources.ToList())
        {
            builder.Resources.Remove(resource);
        }

        builder.Services.AddLogging(logging => logging.ClearProviders());
        var server = builder.AddLibsqlExecutable("initdb", new LibsqlLocalProcess("dotnet", [TestServerPath()]))
            .WithDataBindMount(data)
            .WithInitFiles(initFiles);
        server.AddDatabase("orders").WithCreationScript("CREATE TABLE o (x); INSERT INTO o VALUES (1), (2);");
        return await builder.BuildAsync(Token);
    }

    private static async Task<string?> ScalarAsync(DistributedApplication app, string resource, string? namespaceName, string sql)
    {
        var connection = await app.ConnectionStringAsync(resource, Token);
        var (status, body) = await Hrana.ExecuteAsync(new Uri(connection["Endpoint"]), connection["AuthToken"], namespaceName, sql, Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(Hrana.StatementSucceeded(body), body?.ToJsonString());
        return Hrana.FirstValue(body);
    }

    /// <summary>The test server the AppHost project runs without a container runtime (built with it).</summary>
    private static string TestServerPath() =>
        AppHostAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "LibsqlTestServerPath").Value!;

    private static Assembly AppHostAssembly => Assembly.Load(new AssemblyName("AppHost"));
}
