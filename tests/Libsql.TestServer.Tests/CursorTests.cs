using System.Text;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class CursorTests(SharedServers servers)
{
    [Fact]
    public async Task Json_cursor_streams_lines_of_entries()
    {
        using var http = servers.OpenClient();
        var request = CursorRequestFor("SELECT 1 AS one, 'x'", "SELEC", "SELECT 3");

        using var response = await http.PostAsync("v3/cursor", HranaJson.Serialize(request), "application/json");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(HranaJson.DeserializeCursorResponse(Encoding.UTF8.GetBytes(lines[0])).Baton); // a cursor leaves its stream open
        var entries = lines.Skip(1).Select(l => HranaJson.DeserializeCursorEntry(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.Equal("SQL_PARSE_ERROR", Assert.IsType<HranaErrorEntry>(Assert.Single(entries)).Error.Code);

        using var good = await http.PostAsync("v3/cursor", HranaJson.Serialize(CursorRequestFor("SELECT 1 AS one, 'x'", "SELECT * FROM missing_table", "SELECT 3")), "application/json");
        var goodEntries = (await good.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(l => HranaJson.DeserializeCursorEntry(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.Equal(["one", "'x'"], Assert.IsType<HranaStepBeginEntry>(goodEntries[0]).Cols.Select(c => c.Name));
        Assert.Equal(1, Assert.IsType<HranaRowEntry>(goodEntries[1]).Row[0].Integer);
        Assert.IsType<HranaStepEndEntry>(goodEntries[2]);
        Assert.Equal((1u, "SQLITE_UNKNOWN"), (Assert.IsType<HranaStepErrorEntry>(goodEntries[3]).Step, ((HranaStepErrorEntry)goodEntries[3]).Error.Code));
        Assert.Equal(2u, Assert.IsType<HranaStepBeginEntry>(goodEntries[4]).Step);
    }

    [Fact]
    public async Task Protobuf_cursor_is_length_delimited_and_carries_ten_thousand_rows()
    {
        using var http = servers.OpenClient();
        var request = CursorRequestFor("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) SELECT x FROM n");

        using var response = await http.PostAsync("v3-protobuf/cursor", HranaProtobuf.Serialize(request), HranaProtobuf.ContentType);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        var head = HranaProtobuf.DeserializeCursorResponse((await HranaProtobuf.ReadDelimitedAsync(body, ct))!);
        var entries = new List<HranaCursorEntry>();
        while (await HranaProtobuf.ReadDelimitedAsync(body, ct) is { } message)
        {
            entries.Add(HranaProtobuf.DeserializeCursorEntry(message));
        }

        Assert.NotNull(head.Baton);
        Assert.IsType<HranaStepBeginEntry>(entries[0]);
        Assert.Equal(10_000, entries.OfType<HranaRowEntry>().Count());
        Assert.Equal(10_000, entries.OfType<HranaRowEntry>().Last().Row[0].Integer);
        Assert.IsType<HranaStepEndEntry>(entries[^1]);
    }

    [Fact]
    public async Task Cursor_keeps_the_stream_open_with_a_baton()
    {
        using var http = servers.OpenClient();
        var opened = await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN")] });

        using var response = await http.PostAsync("v3/cursor", HranaJson.Serialize(new HranaCursorRequest { Baton = opened.Baton, Batch = CursorRequestFor("SELECT 1").Batch }), "application/json");
        var first = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n')[0];
        var baton = HranaJson.DeserializeCursorResponse(Encoding.UTF8.GetBytes(first)).Baton;

        Assert.NotNull(baton);
        var closed = await http.PipelineAsync(new HranaPipelineRequest { Baton = baton, Requests = [new HranaGetAutocommitStreamRequest(), new HranaCloseStreamRequest()] });
        Assert.False(HranaHttp.Ok<HranaGetAutocommitStreamResponse>(closed.Results[0]).IsAutocommit);
    }

    private static HranaCursorRequest CursorRequestFor(params string[] sql) => new()
    {
        Batch = new HranaBatch { Steps = sql.Select(s => new HranaBatchStep { Stmt = HranaHttp.Stmt(s) }).ToArray() },
    };

    [Fact]
    public async Task Cursor_rows_are_sent_while_SQLite_steps_so_an_endless_query_streams_until_the_client_leaves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LibsqlTestServer.StartAsync(cancellationToken: ct);
        using var http = new HttpClient { BaseAddress = server.Uri };
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        giveUp.CancelAfter(TimeSpan.FromSeconds(60));
        var body = HranaJson.Serialize(CursorRequestFor("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/cursor") { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };

        var rows = 0;
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, giveUp.Token))
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(giveUp.Token)))
        {
            while (rows < 1_000 && await reader.ReadLineAsync(giveUp.Token) is { } line)
            {
                rows += line.Contains("\"type\":\"row\"", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        // Leaving interrupts the statement: the server goes on serving, writers included.
        using var after = new HranaHttp(server.Uri);
        await after.ExecuteAsync("CREATE TABLE after_cursor(a)");

        Assert.Equal(1_000, rows);
    }
}
