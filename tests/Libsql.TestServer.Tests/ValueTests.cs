using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class ValueTests(SharedServers servers)
{
    public static TheoryData<bool> Encodings => [false, true];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Every_value_type_round_trips_at_its_limits(bool protobuf)
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        HranaValue[] values =
        [
            HranaValue.FromInteger(long.MinValue), HranaValue.FromInteger(long.MaxValue), HranaValue.FromInteger(0),
            HranaValue.FromFloat(double.MaxValue), HranaValue.FromFloat(double.Epsilon), HranaValue.FromFloat(-1.5),
            HranaValue.FromText(""), HranaValue.FromText("héllo 👋 \"quoted\"\n\0 nul"),
            HranaValue.FromBlob([]), HranaValue.FromBlob([0, 1, 2, 250, 255]), HranaValue.Null,
        ];

        var results = await http.RunAsync(
            protobuf,
            [
                HranaHttp.Execute($"CREATE TABLE {table}(i INTEGER, v)"),
                .. values.Select((v, i) => HranaHttp.Execute($"INSERT INTO {table} VALUES (?, ?)", HranaValue.FromInteger(i), v)),
                HranaHttp.Execute($"SELECT v, typeof(v) FROM {table} ORDER BY i"),
            ]);

        var rows = HranaHttp.Ok<HranaExecuteStreamResponse>(results[^1]).Result.Rows;
        Assert.Equal(values, rows.Select(r => r[0]));
        Assert.Equal(["integer", "integer", "integer", "real", "real", "real", "text", "text", "blob", "blob", "null"], rows.Select(r => r[1].Text));
    }

    [Fact]
    public async Task Json_integers_are_strings_and_blobs_unpadded_base64()
    {
        using var http = servers.OpenClient();
        var body = """{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"SELECT ?, ?, 9223372036854775807, 1.25","args":[{"type":"integer","value":"-9223372036854775808"},{"type":"blob","base64":"AAEC+v8="}]}},{"type":"close"}]}"""u8.ToArray();

        var (_, contentType, text) = await HranaHttp.ReadAsync(await http.PostAsync("v2/pipeline", body, "application/json"));

        Assert.Equal("application/json", contentType);
        Assert.Contains("""{"type":"integer","value":"-9223372036854775808"}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"type":"blob","base64":"AAEC+v8"}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"type":"integer","value":"9223372036854775807"}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"type":"float","value":1.25}""", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_arguments_with_every_prefix_and_numbered_positions()
    {
        using var http = servers.OpenClient();
        static HranaNamedArgument Arg(string name, long value) => new() { Name = name, Value = HranaValue.FromInteger(value) };

        var named = await http.RunAsync(
            new HranaExecuteStreamRequest { Stmt = new HranaStatement { Sql = "SELECT :a, @b, $c, :d", NamedArgs = [Arg(":a", 1), Arg("@b", 2), Arg("$c", 3), Arg("d", 4)] } },
            HranaHttp.Execute("SELECT ?2, ?1, ?2", HranaValue.FromText("one"), HranaValue.FromText("two")),
            HranaHttp.Execute("SELECT ?, ?", HranaValue.FromInteger(7), HranaValue.FromInteger(8)));

        Assert.Equal([1L, 2, 3, 4], HranaHttp.Ok<HranaExecuteStreamResponse>(named[0]).Result.Rows[0].Select(v => v.Integer));
        Assert.Equal(["two", "one", "two"], HranaHttp.Ok<HranaExecuteStreamResponse>(named[1]).Result.Rows[0].Select(v => v.Text));
        Assert.Equal([7L, 8], HranaHttp.Ok<HranaExecuteStreamResponse>(named[2]).Result.Rows[0].Select(v => v.Integer));
    }

    [Fact]
    public async Task Argument_mismatches_have_sqlds_codes()
    {
        using var http = servers.OpenClient();

        var results = await http.RunAsync(
            new HranaExecuteStreamRequest { Stmt = new HranaStatement { Sql = "SELECT ?, :a", Args = [HranaValue.Null], NamedArgs = [new HranaNamedArgument { Name = ":a", Value = HranaValue.Null }] } },
            HranaHttp.Execute("SELECT ?, ?", HranaValue.FromInteger(1)),
            HranaHttp.Execute("SELECT ?", HranaValue.FromInteger(1), HranaValue.FromInteger(2)),
            HranaHttp.Execute("SELECT :name", HranaValue.FromInteger(1)));

        var errors = results.Select(r => Assert.IsType<HranaStreamResultError>(r).Error).ToList();
        Assert.Equal("ARGS_BOTH_POSITIONAL_AND_NAMED", errors[0].Code);
        Assert.Equal(("ARGS_INVALID", "Arguments do not match SQL parameters: value for parameter 2 not found"), (errors[1].Code, errors[1].Message));
        Assert.Equal(("ARGS_INVALID", "Arguments do not match SQL parameters: too many parameters, expected 1 found 2"), (errors[2].Code, errors[2].Message));
        Assert.Equal("Arguments do not match SQL parameters: value for parameter :name not found", errors[3].Message);
    }

    [Fact]
    public async Task Affected_rows_and_last_insert_rowid_like_sqld()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();

        var results = await http.RunAsync(
            HranaHttp.Execute($"CREATE TABLE {table}(id INTEGER PRIMARY KEY, v TEXT)"),
            HranaHttp.Execute($"INSERT INTO {table}(id, v) VALUES (41, 'a'), (42, 'b')"),
            HranaHttp.Execute($"UPDATE {table} SET v = 'c'"),
            HranaHttp.Execute($"SELECT * FROM {table}"),
            HranaHttp.Execute($"DELETE FROM {table} WHERE id = 41"),
            HranaHttp.Execute($"INSERT INTO {table}(v) VALUES ('d') RETURNING id"));

        var stmts = results.Select(r => HranaHttp.Ok<HranaExecuteStreamResponse>(r).Result).ToList();
        Assert.Equal((0L, (long?)null), (stmts[0].AffectedRowCount, stmts[0].LastInsertRowid));
        Assert.Equal((2L, (long?)42), (stmts[1].AffectedRowCount, stmts[1].LastInsertRowid));
        Assert.Equal((2L, (long?)null), (stmts[2].AffectedRowCount, stmts[2].LastInsertRowid));
        Assert.Equal((0L, (long?)null), (stmts[3].AffectedRowCount, stmts[3].LastInsertRowid)); // changes() is stale for a SELECT; sqld sends 0
        Assert.Equal(1L, stmts[4].AffectedRowCount);
        Assert.Equal((1L, (long?)43), (stmts[5].AffectedRowCount, stmts[5].LastInsertRowid));
        Assert.Equal(43, stmts[5].Rows[0][0].Integer);
    }

    [Fact]
    public async Task Column_names_and_declared_types_are_verbatim()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a VARCHAR(20), b my odd TYPE, c, d DECIMAL(10, 2))");

        var result = await http.ExecuteAsync($"SELECT a, b AS renamed, c, d, 1 + 1 FROM {table}");

        Assert.Equal(["a", "renamed", "c", "d", "1 + 1"], result.Cols.Select(c => c.Name));
        Assert.Equal(["VARCHAR(20)", "my odd TYPE", null, "DECIMAL(10, 2)", null], result.Cols.Select(c => c.Decltype));
    }

    [Fact]
    public async Task Want_rows_false_returns_no_rows()
    {
        using var http = servers.OpenClient();

        var results = await http.RunAsync(new HranaExecuteStreamRequest { Stmt = new HranaStatement { Sql = "SELECT 1", WantRows = false } });

        var result = HranaHttp.Ok<HranaExecuteStreamResponse>(results[0]).Result;
        Assert.Empty(result.Rows);
        Assert.Single(result.Cols);
    }

    [Fact]
    public async Task Ten_thousand_rows_come_back()
    {
        using var http = servers.OpenClient();

        var result = await http.ExecuteAsync("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) SELECT x, 'row ' || x FROM n");

        Assert.Equal(10_000, result.Rows.Count);
        Assert.Equal(10_000, result.Rows[^1][0].Integer);
        Assert.Equal("row 5000", result.Rows[4999][1].Text);
    }
}
