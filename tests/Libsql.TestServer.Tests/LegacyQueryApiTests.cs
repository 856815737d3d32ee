using System.Net;
using System.Text;
using Libsql.Auth;

namespace Libsql.TestServer.Tests;

/// <summary>sqld's legacy query API, <c>POST /</c> (http/user/mod.rs handle_query).</summary>
public sealed class LegacyQueryApiTests(SharedServers servers)
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> QueryAsync(HranaHttp http, string body)
    {
        using var response = await http.PostAsync("/", Utf8(body), "application/json");
        return await HranaHttp.ReadAsync(response);
    }

    private static string ErrorOf(string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task Statements_run_in_order_with_positional_and_named_params_and_answer_sqld_result_shape()
    {
        var table = SharedServers.Table();
        using var http = servers.OpenClient();
        var (status, contentType, body) = await QueryAsync(http, $$$"""
            {"statements":[
              "CREATE TABLE {{{table}}}(i, t, r, b, n)",
              {"q":"INSERT INTO {{{table}}} VALUES (?, ?, ?, ?, ?)","params":[7, "x", 2.0, {"base64":"aGVsbG8K"}, null]},
              {"q":"INSERT INTO {{{table}}} VALUES (:i, $t, :r, :b, :n)","params":{":i":true,"$t":"y",":r":1.5,":b":{"base64":"AA"},":n":null}},
              "SELECT i, t, r, b, n FROM {{{table}}} ORDER BY rowid"]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        Assert.StartsWith("""[{"results":{"columns":[],"rows":[],"rows_read":""", body, StringComparison.Ordinal);
        Assert.Contains("""{"results":{"columns":["i","t","r","b","n"],"rows":[[7,"x",2.0,{"base64":"aGVsbG8K"},null],[1,"y",1.5,{"base64":"AA"},null]],"rows_read":""", body, StringComparison.Ordinal);
        Assert.Contains("\"rows_written\":1,", body, StringComparison.Ordinal);
        Assert.Contains("\"query_duration_ms\":", body, StringComparison.Ordinal);
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_failed_statement_is_an_error_entry_later_ones_are_null_and_its_transaction_is_rolled_back()
    {
        var table = SharedServers.Table();
        using var http = servers.OpenClient();
        await QueryAsync(http, $$"""{"statements":["CREATE TABLE {{table}}(a)"]}""");

        var (status, _, body) = await QueryAsync(http, $$"""
            {"statements":["BEGIN","INSERT INTO {{table}} VALUES (1)","INSERT INTO no_such_table VALUES (1)","COMMIT"]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith("""{"error":"no such table: no_such_table"},null]""", body, StringComparison.Ordinal);

        // The ROLLBACK after the failure undid the insert and left the next request a clean connection.
        (status, _, body) = await QueryAsync(http, $$"""{"statements":["SELECT count(*) FROM {{table}}"]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("""[{"results":{"columns":["count(*)"],"rows":[[0]]""", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactive_transactions_savepoints_and_multi_statement_strings_are_refused_before_anything_runs()
    {
        var table = SharedServers.Table();
        using var http = servers.OpenClient();
        await QueryAsync(http, $$"""{"statements":["CREATE TABLE {{table}}(a)"]}""");

        var (status, contentType, body) = await QueryAsync(http, $$"""{"statements":["INSERT INTO {{table}} VALUES (1)","BEGIN"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("Query error: `interactive transaction not allowed in HTTP queries`", ErrorOf(body));

        (status, _, body) = await QueryAsync(http, $$"""{"statements":["SAVEPOINT s","INSERT INTO {{table}} VALUES (2)","RELEASE s"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Query error: `savepoints are not supported in HTTP API, use hrana protocol instead`", ErrorOf(body));

        (status, _, body) = await QueryAsync(http, $$"""{"statements":["INSERT INTO {{table}} VALUES (3); SELECT 1"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("found more than one command in a single statement string", ErrorOf(body), StringComparison.Ordinal);

        (_, _, body) = await QueryAsync(http, $$"""{"statements":["SELECT count(*) FROM {{table}}"]}""");
        Assert.StartsWith("""[{"results":{"columns":["count(*)"],"rows":[[0]]""", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"statements\":[", HttpStatusCode.BadRequest, "Failed to parse the request body as JSON: ")]
    [InlineData("{}", HttpStatusCode.UnprocessableEntity, "Failed to deserialize the JSON body into the target type: missing field `statements`")]
    [InlineData("{\"statements\":[42]}", HttpStatusCode.UnprocessableEntity, "Failed to deserialize the JSON body into the target type: statements: invalid type: number 42")]
    [InlineData("{\"statements\":[{\"params\":[]}]}", HttpStatusCode.UnprocessableEntity, "missing field `q`")]
    [InlineData("{\"statements\":[{\"q\":\"SELECT ?\",\"params\":[[1]]}]}", HttpStatusCode.UnprocessableEntity, "expected a valid SQLite value")]
    [InlineData("{\"statements\":[{\"q\":\"SELECT ?\",\"params\":[{\"base64\":\"AA==\"}]}]}", HttpStatusCode.UnprocessableEntity, "expected standard base64 without padding")]
    public async Task Malformed_bodies_get_axum_json_rejections(string body, HttpStatusCode expected, string message)
    {
        using var http = servers.OpenClient();
        var (status, contentType, text) = await QueryAsync(http, body);
        Assert.Equal(expected, status);
        Assert.Equal("text/plain", contentType);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syntax_error_is_sqld_parser_500_and_a_sqlite_error_is_an_entry()
    {
        using var http = servers.OpenClient();
        var (status, _, body) = await QueryAsync(http, """{"statements":["SELEC 1"]}""");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.StartsWith("{\"error\":", body, StringComparison.Ordinal);

        (status, _, body) = await QueryAsync(http, """{"statements":[{"q":"SELECT ?, ?","params":[1]}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("""[{"error":"LibSQL failed to bind provided query parameters: `""", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_is_that_of_the_other_user_routes_and_a_read_only_token_cannot_write()
    {
        var table = SharedServers.Table();
        using var admin = servers.SecuredClient();
        using var reader = servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess);
        using var anonymous = new HranaHttp(servers.Secured.Uri, null, "default");

        var (status, _, body) = await QueryAsync(anonymous, """{"statements":["SELECT 1"]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("Unauthorized: ", ErrorOf(body), StringComparison.Ordinal);

        (status, _, _) = await QueryAsync(admin, $$"""{"statements":["CREATE TABLE {{table}}(a)"]}""");
        Assert.Equal(HttpStatusCode.OK, status);

        (status, _, body) = await QueryAsync(reader, $$"""{"statements":["SELECT count(*) FROM {{table}}","INSERT INTO {{table}} VALUES (1)"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Authorization forbidden: Current session doesn't not have Write permission to namespace default", ErrorOf(body));

        (status, _, body) = await QueryAsync(reader, $$"""{"statements":["SELECT count(*) FROM {{table}}"]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("""[{"results":{"columns":["count(*)"],"rows":[[0]]""", body, StringComparison.Ordinal);
    }
}
