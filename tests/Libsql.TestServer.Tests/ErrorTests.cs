using System.Net;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class ErrorTests(SharedServers servers)
{
    [Theory]
    [InlineData("SELEC 1", "SQL_PARSE_ERROR", "SQL string could not be parsed: near \"SELEC\": syntax error")]
    [InlineData("SELECT 1 +", "SQL_PARSE_ERROR", "SQL string could not be parsed: incomplete input")]
    [InlineData("SELECT 1; SELECT 2", "SQL_MANY_STATEMENTS", "SQL string contains more than one statement")]
    [InlineData("CREATE TABLE x_many(a); INSERT INTO x_many VALUES (1)", "SQL_MANY_STATEMENTS", "SQL string contains more than one statement")]
    [InlineData("", "SQL_NO_STATEMENT", "SQL string does not contain any statement")]
    [InlineData(" -- only a comment\n", "SQL_NO_STATEMENT", "SQL string does not contain any statement")]
    [InlineData("SELECT * FROM no_such_table", "SQLITE_UNKNOWN", "SQLite error: no such table: no_such_table")]
    [InlineData("SELECT no_such_column FROM sqlite_schema", "SQL_INPUT_ERROR", "SQL input error: no such column: no_such_column (at offset 7)")]
    public async Task Statement_errors_carry_sqlds_codes(string sql, string code, string message)
    {
        using var http = servers.OpenClient();

        var error = await http.ExecuteErrorAsync(sql);

        Assert.Equal((code, message), (error.Code, error.Message));
    }

    [Fact]
    public async Task Constraint_violation_is_the_primary_code_only()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a INTEGER PRIMARY KEY, b TEXT NOT NULL UNIQUE)");
        await http.ExecuteAsync($"INSERT INTO {table}(b) VALUES ('x')");

        var unique = await http.ExecuteErrorAsync($"INSERT INTO {table}(b) VALUES ('x')");
        var notNull = await http.ExecuteErrorAsync($"INSERT INTO {table}(b) VALUES (NULL)");

        Assert.Equal(("SQLITE_CONSTRAINT", $"SQLite error: UNIQUE constraint failed: {table}.b"), (unique.Code, unique.Message));
        Assert.Equal("SQLITE_CONSTRAINT", notNull.Code);
    }

    [Fact]
    public async Task Pipeline_runs_every_request_even_after_errors()
    {
        using var http = servers.OpenClient();

        var results = await http.RunAsync(HranaHttp.Execute("SELEC"), HranaHttp.Execute("SELECT 2"));

        Assert.IsType<HranaStreamResultError>(results[0]);
        Assert.Equal(2, HranaHttp.Ok<HranaExecuteStreamResponse>(results[1]).Result.Rows[0][0].Integer);
    }

    [Theory]
    [InlineData("v2/pipeline", "{not json", "Cannot deserialize client message from JSON: ")]
    [InlineData("v3/pipeline", """{"requests":[{"type":"teleport"}]}""", "Cannot deserialize client message from JSON: ")]
    [InlineData("v3/pipeline", """{"requests":[{"type":"execute","stmt":{}}]}""", "Either `sql` or `sql_id` are required")]
    [InlineData("v3/pipeline", """{"requests":[{"type":"execute","stmt":{"sql":"SELECT 1","sql_id":1}}]}""", "Either `sql` or `sql_id` are required, but not both")]
    [InlineData("v3/pipeline", """{"requests":[{"type":"execute","stmt":{"sql_id":9}}]}""", "SQL text 9 not found")]
    [InlineData("v2/pipeline", """{"requests":[{"type":"get_autocommit"}]}""", "The `get_autocommit` request is only supported in protocol version hrana3 and higher")]
    [InlineData("v3/pipeline", """{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"ok","step":0}}]}}]}""", "Invalid reference to step in a batch condition")]
    [InlineData("v2/pipeline", """{"requests":[{"type":"batch","batch":{"steps":[{"stmt":{"sql":"SELECT 1"},"condition":{"type":"is_autocommit"}}]}}]}""", "BatchCond of type `is_autocommit` is only supported in protocol version hrana3 and higher")]
    [InlineData("v3/pipeline", """{"baton":"bm90IGEgYmF0b24","requests":[]}""", "Received an invalid baton")]
    public async Task Protocol_errors_are_400_text(string path, string body, string message)
    {
        using var http = servers.OpenClient();

        var (status, contentType, text) = await HranaHttp.ReadAsync(await http.PostAsync(path, System.Text.Encoding.UTF8.GetBytes(body), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("text/plain", contentType);
        Assert.StartsWith(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_protobuf_is_400_text()
    {
        using var http = servers.OpenClient();

        var (status, _, text) = await HranaHttp.ReadAsync(await http.PostAsync("v3-protobuf/pipeline", [0xFF, 0xFF, 0xFF], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Could not decode client message from Protobuf: ", text, StringComparison.Ordinal);
    }
}
