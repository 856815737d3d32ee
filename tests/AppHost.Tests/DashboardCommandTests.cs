#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

/// <summary>
/// The SQL console and maintenance commands executed as the dashboard executes them (ResourceCommandService), against
/// the AppHost's running server (the test server as a local process).
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class DashboardCommandTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private readonly DistributedApplication _app = fixture.App;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_shows_the_rows_as_a_table_with_the_row_count_and_duration()
    {
        var result = await QueryAsync("db", "SELECT 1 AS one, 'a|b' AS two, NULL AS three UNION ALL SELECT 2, 'c', x'00ff'");

        Assert.True(result.Success, result.Message);
        var data = Assert.IsType<CommandResultData>(result.Data);
        Assert.Equal(CommandResultFormat.Markdown, data.Format);
        Assert.True(data.DisplayImmediately);
        Assert.StartsWith("| one | two | three |\n|---|---|---|\n| 1 | a\\|b | *NULL* |\n| 2 | c | *blob, 2 bytes* |\n", data.Value, StringComparison.Ordinal);
        Assert.Matches(@"^2 rows in \d+(\.\d)? ms on 'default' on 'db' \(read-only\)\.$", result.Message);
    }

    [Fact]
    public async Task Query_shows_the_first_100_rows_and_counts_them_all()
    {
        var result = await QueryAsync("db", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) SELECT i FROM n");

        Assert.True(result.Success, result.Message);
        var table = Assert.IsType<CommandResultData>(result.Data).Value;
        Assert.Contains("| 100 |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("| 101 |", table, StringComparison.Ordinal);
        Assert.StartsWith("250 rows (first 100 shown) in ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_query_that_writes_shows_sqlds_403_and_changes_nothing()
    {
        var table = $"console_ro_{Guid.NewGuid():N}";
        var result = await QueryAsync("db", $"CREATE TABLE {table} (x)");

        Assert.False(result.Success);
        Assert.StartsWith("sqld answered 403 Forbidden: ", result.Message, StringComparison.Ordinal);
        Assert.Contains("Write permission", result.Message, StringComparison.Ordinal);
        Assert.Equal("0", await CountAsync("default", $"SELECT count(*) FROM sqlite_schema WHERE name = '{table}'"));
    }

    [Fact]
    public async Task Allowing_writes_runs_the_statement_with_a_read_write_token()
    {
        var table = $"console_rw_{Guid.NewGuid():N}";
        var created = await QueryAsync("db", $"CREATE TABLE {table} (x)", allowWrites: true);
        var inserted = await QueryAsync("db", $"INSERT INTO {table} VALUES (1), (2)", allowWrites: true);

        Assert.True(created.Success, created.Message);
        Assert.True(inserted.Success, inserted.Message);
        Assert.Contains(", 2 changed in ", inserted.Message, StringComparison.Ordinal);
        Assert.EndsWith("(read-write).", inserted.Message, StringComparison.Ordinal);
        Assert.Equal("2", await CountAsync("default", $"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task A_statement_error_is_shown_as_sqld_returned_it()
    {
        var result = await QueryAsync("db", "SELECT * FROM no_such_table_here");

        Assert.False(result.Success);
        Assert.Contains("no such table: no_such_table_here", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_on_a_database_or_on_the_server_with_that_database_runs_in_its_namespace()
    {
        var table = $"console_ns_{Guid.NewGuid():N}";
        var created = await QueryAsync("reports", $"CREATE TABLE {table} (x)", allowWrites: true);
        Assert.True(created.Success, created.Message);
        Assert.EndsWith("on 'reports' on 'db' (read-write).", created.Message, StringComparison.Ordinal);

        var fromServer = await QueryAsync("db", $"SELECT count(*) AS n FROM sqlite_schema WHERE name = '{table}'", database: "reports");
        var fromDefault = await QueryAsync("db", $"SELECT count(*) AS n FROM sqlite_schema WHERE name = '{table}'", database: "default");
        Assert.Contains("| 1 |", Assert.IsType<CommandResultData>(fromServer.Data).Value, StringComparison.Ordinal);
        Assert.Contains("| 0 |", Assert.IsType<CommandResultData>(fromDefault.Data).Value, StringComparison.Ordinal);

        var unknown = await QueryAsync("db", "SELECT 1", database: "elsewhere");
        Assert.False(unknown.Success);
    }

    [Fact]
    public async Task Nothing_of_a_query_result_is_logged()
    {
        var marker = $"console-secret-{Guid.NewGuid():N}";
        var result = await QueryAsync("db", $"SELECT '{marker}' || 'tail' AS v");
        Assert.True(result.Success, result.Message);

        var lines = new List<string>();
        foreach (var resource in new[] { "db", "reports" })
        {
            lines.AddRange((await AppHostRunner.ResourceLogAsync(_app, resource, Token)).Split('\n'));
        }

        lines.AddRange(_app.Services.GetFakeLogCollector().GetSnapshot().Select(record => record.Message + " " + record.Exception));
        Assert.Contains(lines, line => line.Contains("libsql-query", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(marker + "tail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reset_database_drops_every_user_object_with_foreign_keys_in_one_go()
    {
        var schema = new[]
        {
            "CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))",
            "CREATE INDEX child_parent ON child (parent_id)",
            "CREATE VIEW child_names AS SELECT child.id, parent.name FROM child JOIN parent ON parent.id = child.parent_id",
            "CREATE TRIGGER parent_upper AFTER INSERT ON parent BEGIN UPDATE parent SET name = upper(new.name) WHERE id = new.id; END",
            "INSERT INTO parent (name) VALUES ('a'), ('b')",
            "INSERT INTO child (parent_id) VALUES (1), (2), (2)",
        };
        foreach (var sql in schema)
        {
            var step = await QueryAsync("reports", sql, allowWrites: true);
            Assert.True(step.Success, $"{sql}: {step.Message}");
        }

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("reports"), "libsql-reset", Token);

        Assert.True(result.Success, result.Message);
        Assert.Contains("dropped", result.Message, StringComparison.Ordinal);
        Assert.Equal("0", await CountAsync("reports", "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"));
        // The default namespace keeps SampleApi's tables.
        Assert.NotEqual("0", await CountAsync("default", "SELECT count(*) FROM sqlite_schema WHERE name = 'folders'"));

        // The database still works afterwards, and resetting an empty one says so.
        Assert.True((await QueryAsync("reports", "CREATE TABLE parent (id INTEGER PRIMARY KEY)", allowWrites: true)).Success);
        Assert.True((await QueryAsync("reports", "DROP TABLE parent", allowWrites: true)).Success);
        var empty = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-reset", Arguments(("database", "reports")), Token);
        Assert.True(empty.Success, empty.Message);
        Assert.StartsWith("Nothing to drop", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_dump_saves_the_chosen_database_as_SQL_and_shows_the_path()
    {
        var table = $"dumped_{Guid.NewGuid():N}";
        Assert.True((await QueryAsync("reports", $"CREATE TABLE {table} (x TEXT)", allowWrites: true)).Success);
        Assert.True((await QueryAsync("reports", $"INSERT INTO {table} VALUES ('row-one')", allowWrites: true)).Success);

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-dump", Arguments(("database", "reports")), Token);

        Assert.True(result.Success, result.Message);
        var path = Assert.IsType<CommandResultData>(result.Data).Value;
        try
        {
            Assert.True(Path.IsPathFullyQualified(path), path);
            Assert.Matches(@"[/\\]db-reports-\d{8}-\d{6}-\d{3}\.sql$", path);
            // Outside the source tree: the repository holds no dump.
            Assert.False(path.StartsWith(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..")), StringComparison.Ordinal), path);
            var dump = await File.ReadAllTextAsync(path, Token);
            Assert.Contains("CREATE TABLE", dump, StringComparison.Ordinal);
            Assert.Contains(table, dump, StringComparison.Ordinal);
            Assert.Contains("row-one", dump, StringComparison.Ordinal);
            // Only the chosen namespace: SampleApi's tables live in the default one (the seeded reports table has a
            // column of that name, so match the table's definition).
            Assert.DoesNotMatch(@"CREATE TABLE\s+""?folders""?\s*\(", dump);
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Checkpoint_goes_through_the_admin_api_for_a_database_and_for_the_chosen_namespace()
    {
        var onDatabase = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("reports"), "libsql-checkpoint", Token);
        var onServer = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-checkpoint", Arguments(("database", "default")), Token);

        Assert.True(onDatabase.Success, onDatabase.Message);
        Assert.Equal("Checkpointed 'reports' on 'db'.", onDatabase.Message);
        Assert.True(onServer.Success, onServer.Message);
        Assert.Equal("Checkpointed 'default' on 'db'.", onServer.Message);
    }

    [Fact]
    public void The_http_endpoint_shows_as_Hrana_HTTP_and_the_admin_api_only_in_the_details()
    {
        Assert.True(_app.ResourceNotifications.TryGetCurrentState("db", out var state));
        var urls = state.Snapshot.Urls.ToDictionary(u => u.Name ?? "");

        Assert.Equal("Hrana HTTP", urls["http"].DisplayProperties.DisplayName);
        Assert.False(urls["http"].IsInternal);
        Assert.Equal("Admin API", urls["admin"].DisplayProperties.DisplayName);
        Assert.True(urls["admin"].IsInternal);
    }

    private Task<ExecuteCommandResult> QueryAsync(string resource, string sql, bool allowWrites = false, string? database = null)
    {
        var values = new List<(string, string)> { ("sql", sql), ("allowWrites", allowWrites ? "true" : "false") };
        if (database is not null)
        {
            values.Add(("database", database));
        }

        return _app.ResourceCommands.ExecuteCommandAsync(_app.Resource(resource), "libsql-query", Arguments([.. values]), Token);
    }

    private static InteractionInputCollection Arguments(params (string Name, string Value)[] values) =>
        new([.. values.Select(v => new InteractionInput { Name = v.Name, InputType = InputType.Text, Value = v.Value })]);

    /// <summary>One value read with the server's own full-access token, not through the commands under test.</summary>
    private async Task<string?> CountAsync(string namespaceName, string sql)
    {
        var db = await _app.ConnectionStringAsync("db", Token);
        var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], namespaceName, sql, Token);
        Assert.Equal(HttpStatusCode.OK, status);
        return Hrana.FirstValue(body);
    }
}
