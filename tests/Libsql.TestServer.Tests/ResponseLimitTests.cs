using Libsql.Client.Hrana;
using Libsql.TestServer.Hosting;

namespace Libsql.TestServer.Tests;

/// <summary>sqld's SQLD_MAX_RESPONSE_SIZE / SQLD_MAX_TOTAL_RESPONSE_SIZE: RESPONSE_TOO_LARGE instead of exhausted memory.</summary>
public sealed class ResponseLimitTests(SharedServers servers)
{
    [Fact]
    public async Task A_result_over_sqlds_default_10MB_fails_with_RESPONSE_TOO_LARGE()
    {
        using var http = servers.OpenClient();

        var error = await http.ExecuteErrorAsync("SELECT randomblob(10000001)");
        var fits = await http.ExecuteAsync("SELECT length(randomblob(10000001))");

        Assert.Equal(("RESPONSE_TOO_LARGE", "Response is too large"), (error.Code, error.Message));
        Assert.Equal(10000001, fits.Rows[0][0].Integer);
    }

    [Fact]
    public async Task The_limit_counts_every_row_of_a_statement_and_each_statement_on_its_own()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { MaxResponseSize = 2_000 }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri);

        // Each integer counts as its JSON form, {"type":"integer","value":"N"}: 34 bytes for one digit.
        var many = await http.ExecuteErrorAsync("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 100) SELECT i % 10 FROM n");
        var results = await http.RunAsync(HranaHttp.Execute("SELECT zeroblob(1500)"), HranaHttp.Execute("SELECT zeroblob(1500)"));

        Assert.Equal("RESPONSE_TOO_LARGE", many.Code);
        Assert.All(results, r => HranaHttp.Ok<HranaExecuteStreamResponse>(r));
    }

    [Fact]
    public async Task The_total_limit_bounds_the_rows_being_built_at_once()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { MaxTotalResponseSize = 1_000 }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri);

        var error = await http.ExecuteErrorAsync("SELECT zeroblob(1001)");

        Assert.Equal("RESPONSE_TOO_LARGE", error.Code);
    }

    [Fact]
    public async Task A_cursor_is_not_limited_as_sqld_streams_its_rows()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { MaxResponseSize = 1_000, MaxTotalResponseSize = 1_000 }, TestContext.Current.CancellationToken);
        using var http = new HranaHttp(server.Uri);
        var request = new HranaCursorRequest { Batch = new HranaBatch { Steps = [new HranaBatchStep { Stmt = HranaHttp.Stmt("SELECT zeroblob(5000)") }] } };

        using var response = await http.PostAsync("v3/cursor", HranaJson.Serialize(request), "application/json");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"type\":\"row\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RESPONSE_TOO_LARGE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SQLD_MAX_RESPONSE_SIZE", "1KB", null, 1_000L, 32_000_000L)]
    [InlineData("SQLD_MAX_TOTAL_RESPONSE_SIZE", "2MiB", null, 10_000_000L, 2_097_152L)]
    [InlineData(null, null, "--max-response-size=5000", 5_000L, 32_000_000L)]
    public void Sizes_come_from_sqlds_variables_and_flags(string? variable, string? value, string? flag, long single, long total)
    {
        string[] args = flag is null ? [] : [.. flag.Split('=')];

        var settings = StandaloneSettings.Parse(args, name => name == variable ? value : null, TextWriter.Null);

        Assert.Equal((single, total), (settings.MaxResponseSize, settings.MaxTotalResponseSize));
    }

    [Fact]
    public void A_size_that_does_not_parse_says_what_to_write()
    {
        var error = Assert.Throws<ArgumentException>(() => StandaloneSettings.Parse(["--max-response-size", "lots"], _ => null, TextWriter.Null));

        Assert.Contains("--max-response-size (SQLD_MAX_RESPONSE_SIZE) must be a size such as 10MB", error.Message, StringComparison.Ordinal);
    }
}
