using System.Net;
using Libsql.Auth;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

/// <summary>
/// sqld's statement classification (libsql-server query_analysis.rs, connection/program.rs check_program_auth):
/// what it refuses as unsupported, what each kind needs from the token, and ATTACH by namespace only.
/// </summary>
public sealed class StatementClassificationTests(SharedServers servers)
{
    [Theory]
    [InlineData("VACUUM")]
    [InlineData("ANALYZE")]
    [InlineData("CREATE TEMP TABLE tmp_x(a)")]
    [InlineData("CREATE TEMPORARY VIEW tmp_v AS SELECT 1")]
    [InlineData("CREATE TABLE temp.tmp_y(a)")]
    [InlineData("CREATE TEMP TRIGGER tmp_tr AFTER INSERT ON classify_base BEGIN SELECT 1; END")]
    [InlineData("PRAGMA wal_checkpoint")]
    [InlineData("PRAGMA wal_checkpoint(TRUNCATE)")]
    [InlineData("PRAGMA optimize")]
    [InlineData("PRAGMA shrink_memory")]
    [InlineData("PRAGMA journal_mode = DELETE")]
    [InlineData("PRAGMA cache_size(10)")]
    [InlineData("PRAGMA schema_version = 3")]
    [InlineData("PRAGMA writable_schema = ON")]
    [InlineData("PRAGMA no_such_pragma")]
    [InlineData("ATTACH 'default' AS other")]
    [InlineData("ATTACH DATABASE 'x' || '.db' AS other")]
    [InlineData("INSERT INTO _litestream_seq VALUES (1)")]
    [InlineData("DROP TABLE _litestream_lock")]
    public async Task Unsupported_statements_fail_with_sqlds_parse_error(string sql)
    {
        using var http = servers.OpenClient();
        await http.ExecuteAsync("CREATE TABLE IF NOT EXISTS classify_base(a)");
        await http.ExecuteAsync("CREATE TABLE IF NOT EXISTS _litestream_lock(a)");
        await http.ExecuteAsync("CREATE TABLE IF NOT EXISTS _litestream_seq(a)");

        var error = await http.ExecuteErrorAsync(sql);

        Assert.Equal(("SQL_PARSE_ERROR", "SQL string could not be parsed: unsupported statement: " + sql), (error.Code, error.Message));
    }

    [Fact]
    public async Task Unsupported_statement_in_a_sequence_fails_it_before_anything_runs()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        var sql = $"CREATE TABLE {table}(a); VACUUM";

        var result = (await http.RunAsync(new HranaSequenceStreamRequest { Sql = sql }))[0];

        var error = Assert.IsType<HranaStreamResultError>(result).Error;
        Assert.Equal(("SQL_PARSE_ERROR", "SQL string could not be parsed: unsupported statement: " + sql), (error.Code, error.Message));
        Assert.Equal(0, (await http.ExecuteAsync($"SELECT count(*) FROM sqlite_schema WHERE name = '{table}'")).Rows[0][0].Integer);
    }

    [Theory]
    [InlineData("EXPLAIN SELECT 1")]
    [InlineData("EXPLAIN QUERY PLAN SELECT 1")]
    [InlineData("EXPLAIN VACUUM")]
    [InlineData("PRAGMA table_info(classify_base)")]
    [InlineData("PRAGMA main.table_list")]
    [InlineData("PRAGMA schema_version")]
    [InlineData("PRAGMA journal_mode")]
    [InlineData("PRAGMA foreign_keys")]
    [InlineData("PRAGMA foreign_keys = ON")]
    [InlineData("PRAGMA user_version")]
    [InlineData("PRAGMA integrity_check")]
    [InlineData("SELECT * FROM pragma_table_info('classify_base')")]
    [InlineData("REINDEX")]
    [InlineData("DROP TABLE IF EXISTS no_such_table")]
    public async Task Statements_sqld_supports_run(string sql)
    {
        using var http = servers.OpenClient();
        await http.ExecuteAsync("CREATE TABLE IF NOT EXISTS classify_base(a)");

        await http.ExecuteAsync(sql);
    }

    [Fact]
    public async Task Transaction_and_savepoint_forms_run_and_BEGIN_TRANSACTION_READONLY_is_a_deferred_transaction()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a)");

        var results = await http.RunAsync(
            HranaHttp.Execute("BEGIN TRANSACTION READONLY"), HranaHttp.Execute($"INSERT INTO {table} VALUES (1)"), HranaHttp.Execute("END"),
            HranaHttp.Execute("SAVEPOINT s1"), HranaHttp.Execute($"INSERT INTO {table} VALUES (2)"), HranaHttp.Execute("ROLLBACK TO s1"), HranaHttp.Execute("RELEASE s1"),
            HranaHttp.Execute("BEGIN DEFERRED"), HranaHttp.Execute("ROLLBACK"));

        Assert.All(results, r => HranaHttp.Ok<HranaExecuteStreamResponse>(r));
        Assert.Equal(1, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Theory]
    [InlineData("UPDATE {0} SET a = 1")]
    [InlineData("DELETE FROM {0}")]
    [InlineData("REINDEX {0}")]
    [InlineData("DROP TABLE {0}")]
    [InlineData("ALTER TABLE {0} ADD COLUMN b")]
    [InlineData("CREATE INDEX {0}_i ON {0}(a)")]
    [InlineData("CREATE VIEW {0}_v AS SELECT 1")]
    [InlineData("CREATE TRIGGER {0}_t AFTER INSERT ON {0} BEGIN SELECT 1; END")]
    [InlineData("PRAGMA foreign_keys")]
    [InlineData("PRAGMA integrity_check")]
    [InlineData("PRAGMA quick_check")]
    [InlineData("PRAGMA page_count")]
    [InlineData("PRAGMA journal_mode")]
    [InlineData("PRAGMA user_version")]
    [InlineData("PRAGMA data_version")]
    [InlineData("DROP TABLE IF EXISTS no_such_table")]
    public async Task Read_only_token_is_refused_every_write_class_with_403_before_anything_runs(string template)
    {
        var table = SharedServers.Table();
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, table);
        using var admin = servers.SecuredClient();
        using var reader = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);
        await admin.ExecuteAsync($"CREATE TABLE {table}(a)");

        // A sequence is one program: its read-only first statement does not run either (sqld checks the whole program).
        using var execute = await reader.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute(sql)] });
        using var sequence = await reader.SendPipelineAsync(new HranaPipelineRequest { Requests = [new HranaSequenceStreamRequest { Sql = $"BEGIN; {sql}" }] });

        foreach (var response in new[] { execute, sequence })
        {
            await AuthTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "Authorization forbidden: Current session doesn't not have Write permission to namespace default");
        }

        Assert.Equal("a", (await admin.ExecuteAsync($"SELECT name FROM pragma_table_info('{table}')")).Rows[0][0].Text);
    }

    [Fact]
    public async Task Read_only_token_still_reads_explains_and_runs_read_pragmas()
    {
        using var reader = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);

        var results = await reader.RunAsync(
            HranaHttp.Execute("EXPLAIN SELECT 1"), HranaHttp.Execute("PRAGMA table_list"), HranaHttp.Execute("PRAGMA schema_version"),
            HranaHttp.Execute("BEGIN EXCLUSIVE"), HranaHttp.Execute("COMMIT"));

        Assert.All(results, r => HranaHttp.Ok<HranaExecuteStreamResponse>(r));
    }

    [Theory]
    [InlineData("ATTACH \"default\" AS other")]
    [InlineData("ATTACH DATABASE \"default\" AS \"other\"")]
    public async Task Attach_of_a_namespace_needs_its_allow_attach_config(string sql)
    {
        using var http = servers.OpenClient();

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute(sql)] });

        await AuthTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "Authorization forbidden: Namespace `default` doesn't allow attach");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Attach_needs_the_AttachRead_permission_on_the_namespace(bool readOnly)
    {
        using var http = servers.SecuredClient(readOnly ? LibsqlTokenOptions.ReadOnlyAccess : null);

        using var response = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("ATTACH \"default\" AS other")] });

        await AuthTests.AssertErrorAsync(response, HttpStatusCode.Forbidden, "Authorization forbidden: Current session doesn't not have AttachRead permission to namespace default");
    }

    [Fact]
    public async Task Detach_is_allowed_and_fails_only_as_SQLite_does()
    {
        using var reader = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);

        var error = await reader.ExecuteErrorAsync("DETACH nothing_attached");

        Assert.Equal(("SQLITE_UNKNOWN", "SQLite error: no such database: nothing_attached"), (error.Code, error.Message));
    }

    [Fact]
    public async Task Attach_of_a_namespace_that_allows_it_reads_its_database_read_only()
    {
        var ns = SharedServers.Table("att");
        await AdminPostAsync($"v1/namespaces/{ns}/create", """{"allow_attach": true}""");
        using (var owner = servers.SecuredClient(new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadWriteOn(ns) }, ns))
        {
            await owner.ExecuteAsync("CREATE TABLE shared(v)");
            await owner.ExecuteAsync("INSERT INTO shared VALUES ('from the other namespace')");
        }

        using var http = servers.SecuredClient(new LibsqlTokenOptions { Permissions = new LibsqlPermissions { ReadWrite = ["default"], ReadOnlyAttach = [ns] } });
        var results = await http.RunAsync(
            HranaHttp.Execute($"ATTACH \"{ns}\" AS other"), HranaHttp.Execute("SELECT v FROM other.shared"),
            HranaHttp.Execute("INSERT INTO other.shared VALUES ('written through the attachment')"), HranaHttp.Execute("DETACH other"));

        HranaHttp.Ok<HranaExecuteStreamResponse>(results[0]);
        Assert.Equal("from the other namespace", HranaHttp.Ok<HranaExecuteStreamResponse>(results[1]).Result.Rows[0][0].Text);
        Assert.Equal("SQLITE_READONLY", Assert.IsType<HranaStreamResultError>(results[2]).Error.Code);
        HranaHttp.Ok<HranaExecuteStreamResponse>(results[3]);
    }

    [Fact]
    public async Task Block_writes_and_block_reads_fail_statements_with_BLOCKED_as_sqld()
    {
        var ns = SharedServers.Table("blk");
        await AdminPostAsync($"v1/namespaces/{ns}/create", "{}");
        using var http = servers.SecuredClient(new LibsqlTokenOptions { Permissions = LibsqlPermissions.ReadWriteOn(ns) }, ns);
        await http.ExecuteAsync("CREATE TABLE t(a)");

        await AdminPostAsync($"v1/namespaces/{ns}/config", """{"block_reads": false, "block_writes": true, "block_reason": "maintenance"}""");
        var write = await http.ExecuteErrorAsync("INSERT INTO t VALUES (1)");
        var ddl = await http.ExecuteErrorAsync("CREATE TABLE u(a)");
        var read = await http.ExecuteAsync("SELECT count(*) FROM t");
        await AdminPostAsync($"v1/namespaces/{ns}/config", """{"block_reads": true, "block_writes": false}""");
        var blockedRead = await http.ExecuteErrorAsync("SELECT 1");

        Assert.Equal(("BLOCKED", "Operation was blocked: maintenance"), (write.Code, write.Message));
        Assert.Equal("BLOCKED", ddl.Code);
        Assert.Equal(0, read.Rows[0][0].Integer);
        Assert.Equal(("BLOCKED", "Operation was blocked"), (blockedRead.Code, blockedRead.Message));
    }

    private async Task AdminPostAsync(string path, string json)
    {
        using var admin = new HttpClient { BaseAddress = servers.Secured.AdminUri };
        using var response = await admin.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
