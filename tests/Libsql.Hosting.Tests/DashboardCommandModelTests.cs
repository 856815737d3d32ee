#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using Libsql.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

/// <summary>The SQL console and maintenance commands in the model: which resources have them, their arguments and states.</summary>
public sealed class DashboardCommandModelTests
{
    private static readonly string[] s_consoleCommands = ["libsql-query", "libsql-dump", "libsql-checkpoint", "libsql-reset"];

    [Fact]
    public void A_server_has_the_console_and_maintenance_commands_in_a_stable_order()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var commands = Commands(db.Resource);
        Assert.Equal("Query…", commands["libsql-query"].DisplayName);
        Assert.Equal("Download dump", commands["libsql-dump"].DisplayName);
        Assert.Equal("Checkpoint", commands["libsql-checkpoint"].DisplayName);
        Assert.Equal("Reset database", commands["libsql-reset"].DisplayName);
        Assert.Contains("cannot be undone", commands["libsql-reset"].ConfirmationMessage, StringComparison.Ordinal);

        // AddDatabase leaves the server's menu as it was.
        var before = db.Resource.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToList();
        db.AddDatabase("reports");
        Assert.Equal(before, db.Resource.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToList());
        Assert.Equal(["libsql-mint-token", "libsql-show-tables", .. s_consoleCommands], before);
    }

    [Fact]
    public void The_server_commands_are_registered_once_and_offer_databases_added_after_them()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        var registered = db.Resource.Annotations.OfType<ResourceCommandAnnotation>().ToList();
        Assert.DoesNotContain(Commands(db.Resource)["libsql-query"].Arguments, a => a.Name == "database");

        db.AddDatabase("reports");
        db.AddDatabase("audit", "audit_ns");

        // The same annotations, one per command: nothing was registered again.
        var now = db.Resource.Annotations.OfType<ResourceCommandAnnotation>().ToList();
        Assert.Equal(registered.Count, now.Count);
        Assert.All(registered.Zip(now), pair => Assert.Same(pair.First, pair.Second));
        Assert.Equal(now.Count, now.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());

        foreach (var name in s_consoleCommands)
        {
            var database = Assert.Single(Commands(db.Resource)[name].Arguments, a => a.Name == "database");
            Assert.Equal(["default", "reports", "audit_ns"], database.Options!.Select(o => o.Key));
        }

        Assert.Equal(["sql", "database", "allowWrites"], Commands(db.Resource)["libsql-query"].Arguments.Select(a => a.Name));
        var mintNamespace = Assert.Single(Commands(db.Resource)["libsql-mint-token"].Arguments, a => a.Name == "namespace");
        Assert.Equal(["*", "default", "reports", "audit_ns"], mintNamespace.Options!.Select(o => o.Key));
    }

    [Fact]
    public void Query_asks_for_sql_and_allow_writes_and_on_a_server_without_namespaces_no_database()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("sqld"));

        var arguments = Commands(db.Resource)["libsql-query"].Arguments;
        Assert.Equal(["sql", "allowWrites"], arguments.Select(a => a.Name));
        Assert.True(arguments[0].Required);
        Assert.Equal(InputType.Text, arguments[0].InputType);
        Assert.Equal(InputType.Boolean, arguments[1].InputType);
        Assert.Equal("false", arguments[1].Value);
        Assert.Empty(Commands(db.Resource)["libsql-dump"].Arguments);
    }

    [Fact]
    public void With_namespaces_the_server_commands_offer_every_database_and_each_database_has_its_own_commands()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        var reports = db.AddDatabase("reports");
        var audit = db.AddDatabase("audit", "audit_ns");

        foreach (var name in s_consoleCommands)
        {
            var database = Assert.Single(Commands(db.Resource)[name].Arguments, a => a.Name == "database");
            Assert.Equal(InputType.Choice, database.InputType);
            Assert.Equal(["default", "reports", "audit_ns"], database.Options!.Select(o => o.Key));
            Assert.Equal("default", database.Value);

            // A database's commands work on its namespace: nothing to choose.
            Assert.DoesNotContain(Commands(reports.Resource)[name].Arguments, a => a.Name == "database");
            Assert.True(Commands(audit.Resource).ContainsKey(name));
        }

        // Mint token learns the namespaces the same way (it was registered before AddDatabase).
        var mintNamespace = Assert.Single(Commands(db.Resource)["libsql-mint-token"].Arguments, a => a.Name == "namespace");
        Assert.Contains(mintNamespace.Options!, o => o.Key == "audit_ns");
    }

    [Fact]
    public void Commands_are_enabled_only_while_healthy_and_checkpoint_only_with_namespaces()
    {
        using var builder = RunModeBuilder();
        var plain = builder.AddLibsql("plain");
        var db = builder.AddLibsql("db");
        var reports = db.AddDatabase("reports");

        foreach (var name in s_consoleCommands)
        {
            foreach (var resource in new IResource[] { db.Resource, reports.Resource })
            {
                var command = Commands(resource)[name];
                Assert.Equal(ResourceCommandState.Enabled, command.UpdateState(StateContext(HealthStatus.Healthy)));
                Assert.Equal(ResourceCommandState.Disabled, command.UpdateState(StateContext(HealthStatus.Unhealthy)));
                Assert.Equal(ResourceCommandState.Disabled, command.UpdateState(StateContext(null)));
            }
        }

        Assert.Equal(ResourceCommandState.Hidden, Commands(plain.Resource)["libsql-checkpoint"].UpdateState(StateContext(HealthStatus.Healthy)));
        Assert.Equal(ResourceCommandState.Enabled, Commands(plain.Resource)["libsql-dump"].UpdateState(StateContext(HealthStatus.Healthy)));
    }

    [Fact]
    public async Task The_http_endpoint_is_named_and_the_admin_api_is_not_listed_in_the_resource_list()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        db.AddDatabase("reports");

        var urls = new List<ResourceUrlAnnotation>();
        foreach (var endpoint in new[] { "http", "grpc", "admin" })
        {
            urls.Add(new ResourceUrlAnnotation { Url = $"http://localhost/{endpoint}", Endpoint = db.Resource.GetEndpoint(endpoint) });
        }

        var context = new ResourceUrlsCallbackContext(builder.ExecutionContext, db.Resource, urls, TestContext.Current.CancellationToken);
        foreach (var callback in db.Resource.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var byEndpoint = urls.ToDictionary(u => u.Endpoint!.EndpointName);
        Assert.Equal("Hrana HTTP", byEndpoint["http"].DisplayText);
        Assert.Equal(UrlDisplayLocation.SummaryAndDetails, byEndpoint["http"].DisplayLocation);
        Assert.Equal("Admin API", byEndpoint["admin"].DisplayText);
        Assert.Equal(UrlDisplayLocation.DetailsOnly, byEndpoint["admin"].DisplayLocation);
        Assert.Equal(UrlDisplayLocation.DetailsOnly, byEndpoint["grpc"].DisplayLocation);
    }

    [Fact]
    public void A_server_command_refuses_a_database_the_server_does_not_have()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        db.AddDatabase("reports");
        var target = LibsqlCommandTarget.ForServer(db.Resource);

        Assert.Equal("reports", target.ResolveNamespace(Arguments(("database", "reports"))));
        Assert.Equal("default", target.ResolveNamespace(Arguments(("database", "default"))));
        Assert.Equal("default", target.ResolveNamespace(Arguments()));
        var ex = Assert.Throws<ArgumentException>(() => target.ResolveNamespace(Arguments(("database", "other"))));
        Assert.Contains("'other' is not a database of libSQL server 'db'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'reports'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_results_render_as_an_escaped_markdown_table_of_at_most_100_rows_with_long_values_cut()
    {
        var rows = Enumerable.Range(1, 150)
            .Select(i => new LibsqlValue[] { LibsqlValue.FromInteger(i), LibsqlValue.FromText("a|b\nc <script>") })
            .ToList();
        rows[0][1] = LibsqlValue.Null;
        rows[1][1] = LibsqlValue.FromBlob([0, 1, 2, 3]);
        rows[2][1] = LibsqlValue.FromText(new string('x', 500));
        rows[3][1] = LibsqlValue.FromReal(1.5);
        var result = new LibsqlStatementResult(["id", "note|x"], rows, AffectedRowCount: 0);

        var markdown = LibsqlQueryCommand.ToMarkdown(result, "150 rows (first 100 shown).");
        var lines = markdown.Split('\n');

        Assert.Equal(@"| id | note\|x |", lines[0]);
        Assert.Equal("|---|---|", lines[1]);
        Assert.Equal(100, lines.Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1);
        Assert.Equal("| 1 | *NULL* |", lines[2]);
        Assert.Equal("| 2 | *blob, 4 bytes* |", lines[3]);
        Assert.Equal($"| 3 | {new string('x', 79)}… |", lines[4]);
        Assert.Equal(@"| 4 | 1\.5 |", lines[5]);
        // A pipe stays in its cell, a line break does not end the row, and HTML is text.
        Assert.Equal(@"| 5 | a\|b c \<script\> |", lines[6]);
        Assert.Contains(@"| 100 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(@"| 101 |", markdown, StringComparison.Ordinal);
        Assert.EndsWith("150 rows \\(first 100 shown\\)\\.\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_without_result_columns_renders_only_its_summary()
    {
        var markdown = LibsqlQueryCommand.ToMarkdown(new LibsqlStatementResult([], [], AffectedRowCount: 3), "0 rows, 3 changed.");
        Assert.Equal("0 rows, 3 changed\\.\n", markdown);
    }

    private static Dictionary<string, ResourceCommandAnnotation> Commands(IResource resource) =>
        resource.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);

    private static InteractionInputCollection Arguments(params (string Name, string Value)[] values) =>
        new([.. values.Select(v => new InteractionInput { Name = v.Name, InputType = InputType.Text, Value = v.Value })]);

    /// <summary>A running resource with one health report (null: a resource that is not running, so has no health).</summary>
    private static UpdateCommandStateContext StateContext(HealthStatus? health)
    {
        var snapshot = new CustomResourceSnapshot
        {
            ResourceType = "Container",
            Properties = [],
            State = health is null ? KnownResourceStates.Exited : KnownResourceStates.Running,
        };
        return new()
        {
            ResourceSnapshot = health is { } status ? snapshot.WithHealthReports([new HealthReportSnapshot("check", status, null, null)]) : snapshot,
            Services = EmptyServices.Instance,
        };
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
