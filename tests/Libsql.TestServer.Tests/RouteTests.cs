using System.Net;
using System.Text;
using Libsql.Auth;
using Libsql.Client.Hrana;
using Microsoft.Data.Sqlite;

namespace Libsql.TestServer.Tests;

/// <summary>sqld's routes beside Hrana v2/v3: Hrana v1, the dump, the dev pipeline route.</summary>
public sealed class RouteTests(SharedServers servers)
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Hrana_v1_execute_and_batch_answer_with_result_and_map_statement_errors_to_sqld_statuses()
    {
        var table = SharedServers.Table();
        using var http = servers.OpenClient();
        using var create = await http.PostAsync("v1/execute", Utf8($$$"""{"stmt":{"sql":"CREATE TABLE {{{table}}}(a)"}}"""), "application/json");
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);

        using var batch = await http.PostAsync("v1/batch", Utf8($$$"""
            {"batch":{"steps":[
              {"stmt":{"sql":"INSERT INTO {{{table}}} VALUES (?)","args":[{"type":"integer","value":"7"}]}},
              {"stmt":{"sql":"SELECT a FROM {{{table}}}","want_rows":true},"condition":{"type":"ok","step":0}}]}}
            """), "application/json");
        var (status, contentType, body) = await HranaHttp.ReadAsync(batch);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        Assert.StartsWith("""{"result":{"step_results":[{"cols":[]""", body, StringComparison.Ordinal);
        Assert.Contains("""{"type":"integer","value":"7"}""", body, StringComparison.Ordinal);

        using var select = await http.PostAsync("v1/execute", Utf8($$$"""{"stmt":{"sql":"SELECT a FROM {{{table}}}"}}"""), "application/json");
        Assert.StartsWith("""{"result":{"cols":[{"name":"a","decltype":null}],"rows":[[{"type":"integer","value":"7"}]]""", (await HranaHttp.ReadAsync(select)).Body, StringComparison.Ordinal);

        using var parse = await http.PostAsync("v1/execute", Utf8("""{"stmt":{"sql":"SELEC 1"}}"""), "application/json");
        (status, _, body) = await HranaHttp.ReadAsync(parse);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"code\":\"SQL_PARSE_ERROR\"", body, StringComparison.Ordinal);

        using var sqlite = await http.PostAsync("v1/execute", Utf8("""{"stmt":{"sql":"SELECT * FROM no_such_table"}}"""), "application/json");
        (status, _, body) = await HranaHttp.ReadAsync(sqlite);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("no such table", body, StringComparison.Ordinal);

        using var both = await http.PostAsync("v1/execute", Utf8("""{"stmt":{"sql":"SELECT ?","args":[{"type":"null"}],"named_args":[{"name":"a","value":{"type":"null"}}]}}"""), "application/json");
        Assert.Equal(HttpStatusCode.NotImplemented, both.StatusCode);

        using var noStmt = await http.PostAsync("v1/execute", Utf8("{}"), "application/json");
        (status, contentType, body) = await HranaHttp.ReadAsync(noStmt);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("text/plain", contentType);
        Assert.Contains("missing field `stmt`", body, StringComparison.Ordinal);

        // is_autocommit is a v3 condition.
        using var v3Only = await http.PostAsync("v1/batch", Utf8("""{"batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"is_autocommit"}}]}}"""), "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, v3Only.StatusCode);
    }

    [Fact]
    public async Task Hrana_v1_keeps_auth_and_write_permissions()
    {
        using var anonymous = new HranaHttp(servers.Secured.Uri, null, "default");
        using var refused = await anonymous.PostAsync("v1/execute", Utf8("""{"stmt":{"sql":"SELECT 1"}}"""), "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var readOnly = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);
        using var write = await readOnly.PostAsync("v1/execute", Utf8($$$"""{"stmt":{"sql":"CREATE TABLE {{{SharedServers.Table()}}}(a)"}}"""), "application/json");
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Dev_route_takes_the_namespace_from_the_path()
    {
        var ns = SharedServers.Table("dev");
        servers.Secured.CreateNamespace(ns);
        using var http = servers.SecuredClient(@namespace: null);
        var request = HranaJson.Serialize(new HranaPipelineRequest { Requests = [HranaHttp.Execute("CREATE TABLE only_in_dev(a)"), new HranaCloseStreamRequest()] });
        using var ok = await http.PostAsync($"dev/{ns}/v3/pipeline", request, "application/json");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var inNamespace = servers.SecuredClient(@namespace: ns);
        Assert.Equal(0, (await inNamespace.ExecuteAsync("SELECT count(*) FROM only_in_dev")).Rows[0][0].Integer);

        using var badVersion = await http.PostAsync($"dev/{ns}/v4/pipeline", request, "application/json");
        await AuthTests.AssertErrorAsync(badVersion, HttpStatusCode.BadRequest, "Invalid path in URI: `invalid hrana version`");
        using var unknown = await http.PostAsync("dev/never-made/v2/pipeline", request, "application/json");
        await AuthTests.AssertErrorAsync(unknown, HttpStatusCode.NotFound, "Namespace `never-made` doesn't exist");
    }

    [Fact]
    public async Task Dump_replays_in_sqlite_to_the_same_schema_and_values()
    {
        var ns = SharedServers.Table("dump");
        servers.Secured.CreateNamespace(ns);
        using var client = servers.SecuredClient(@namespace: ns);
        foreach (var sql in new[]
        {
            "CREATE TABLE items(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, price REAL, data BLOB, note)",
            "CREATE TABLE \"odd \"\"name\"(\"select\" TEXT) ",
            "CREATE INDEX items_name ON items(name)",
            "CREATE VIEW cheap AS SELECT name FROM items WHERE price < 2",
            "CREATE TRIGGER items_note AFTER INSERT ON items BEGIN UPDATE items SET note = coalesce(note, 'auto') WHERE id = new.id; END",
            "INSERT INTO items(name, price, data, note) VALUES ('it''s', 1.0, x'00ff10', NULL)",
            "INSERT INTO items(name, price, data, note) VALUES ('two\nlines\r\n', 1e300, NULL, 42)",
            "INSERT INTO \"odd \"\"name\" VALUES ('x')",
        })
        {
            await client.ExecuteAsync(sql);
        }

        using var dumpResponse = await client.GetAsync("dump");
        var (status, _, dump) = await HranaHttp.ReadAsync(dumpResponse);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE IF NOT EXISTS items", dump, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT;\n", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("two\n", dump, StringComparison.Ordinal);

        using var replayed = new SqliteConnection("Data Source=:memory:");
        replayed.Open();
        using (var replay = replayed.CreateCommand())
        {
            replay.CommandText = dump;
            replay.ExecuteNonQuery();
        }

        const string Schema = "SELECT type || ' ' || name || ' ' || sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
        const string Values = "SELECT group_concat(quote(id) || typeof(price) || quote(name) || quote(price) || quote(data) || quote(note), '|') FROM items";
        foreach (var query in new[] { Schema, Values, "SELECT name || seq FROM sqlite_sequence", "SELECT \"select\" FROM \"odd \"\"name\"" })
        {
            var expected = (await client.ExecuteAsync(query)).Rows.Select(r => r[0].Text).ToList();
            using var command = replayed.CreateCommand();
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            var actual = new List<string>();
            while (reader.Read())
            {
                actual.Add(reader.GetString(0));
            }

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Dump_needs_a_token_that_may_read_the_namespace()
    {
        using var anonymous = new HranaHttp(servers.Secured.Uri, null, "default");
        using var refused = await anonymous.GetAsync("dump");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var elsewhere = servers.SecuredClient(new LibsqlTokenOptions { Namespace = "other" });
        using var hidden = await elsewhere.GetAsync("dump");
        await AuthTests.AssertErrorAsync(hidden, HttpStatusCode.NotFound, "Namespace `default` doesn't exist");
    }
}
