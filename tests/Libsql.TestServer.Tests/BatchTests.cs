using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class BatchTests(SharedServers servers)
{
    public static TheoryData<bool> Encodings => [false, true];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Write_batch_as_the_official_client_builds_it_is_atomic(bool protobuf)
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a INTEGER PRIMARY KEY, b TEXT NOT NULL)");

        // @libsql/client executeHranaBatch: BEGIN; each step ok(prev) and not(is_autocommit); COMMIT; ROLLBACK if COMMIT did not run.
        var result = await RunBatchAsync(http, protobuf, "BEGIN IMMEDIATE", [$"INSERT INTO {table}(b) VALUES ('one')", $"INSERT INTO {table}(b) VALUES ('two')", $"INSERT INTO {table}(b) VALUES (NULL)"]);

        Assert.NotNull(result.StepResults[1]);
        Assert.NotNull(result.StepResults[2]);
        Assert.Equal("SQLITE_CONSTRAINT", result.StepErrors[3]!.Code);
        Assert.Null(At(result.StepResults, 4)); // COMMIT skipped
        Assert.NotNull(At(result.StepResults, 5)); // ROLLBACK ran
        Assert.Equal(0, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);

        var ok = await RunBatchAsync(http, protobuf, "BEGIN DEFERRED", [$"INSERT INTO {table}(b) VALUES ('one')", $"INSERT INTO {table}(b) VALUES ('two')"]);
        Assert.NotNull(ok.StepResults[3]); // COMMIT ran
        Assert.Null(At(ok.StepResults, 4)); // ROLLBACK skipped
        Assert.Equal(2, (await http.ExecuteAsync($"SELECT count(*) FROM {table}")).Rows[0][0].Integer);
    }

    [Fact]
    public async Task A_parse_error_in_any_step_fails_the_whole_batch_request()
    {
        // sqld converts the whole batch to a program first: a step that does not parse fails the request, not the step.
        using var http = servers.OpenClient();
        static HranaBatchStep Step(string sql, HranaBatchCondition? condition = null) => new() { Stmt = HranaHttp.Stmt(sql), Condition = condition };

        var results = await http.RunAsync(new HranaBatchStreamRequest { Batch = new HranaBatch { Steps = [Step("SELECT 1"), Step("SELEC")] } });

        Assert.Equal("SQL_PARSE_ERROR", Assert.IsType<HranaStreamResultError>(results[0]).Error.Code);
    }

    [Fact]
    public async Task Conditions_evaluate_like_sqld()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();
        await http.ExecuteAsync($"CREATE TABLE {table}(a INTEGER NOT NULL)");
        static HranaBatchStep Step(string sql, HranaBatchCondition? condition = null) => new() { Stmt = HranaHttp.Stmt(sql), Condition = condition };

        var results = await http.RunAsync(new HranaBatchStreamRequest
        {
            Batch = new HranaBatch
            {
                Steps =
                [
                    Step("SELECT 1"),
                    Step($"INSERT INTO {table} VALUES (NULL)"),
                    Step("SELECT 'runs'", new HranaAndBatchCondition { Conds = [new HranaOkBatchCondition { Step = 0 }, new HranaErrorBatchCondition { Step = 1 }] }),
                    Step("SELECT 'skipped'", new HranaOkBatchCondition { Step = 1 }),
                    Step("SELECT 'runs too'", new HranaOrBatchCondition { Conds = [new HranaOkBatchCondition { Step = 3 }, new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = 3 } }] }),
                    Step("SELECT 'a skipped step counts as failed'", new HranaErrorBatchCondition { Step = 3 }),
                    Step("SELECT 'autocommit'", new HranaIsAutocommitBatchCondition()),
                    Step("SELECT 'empty and is true'", new HranaAndBatchCondition()),
                    Step("SELECT 'empty or is false'", new HranaOrBatchCondition()),
                ],
            },
        });

        var batch = HranaHttp.Ok<HranaBatchStreamResponse>(results[0]).Result;
        Assert.Equal(
            [true, false, true, false, true, true, true, true, false],
            batch.StepResults.Select(r => r is not null));
        Assert.Equal("SQLITE_CONSTRAINT", batch.StepErrors[1]!.Code);
        Assert.Equal([null, "SQLITE_CONSTRAINT", null, null, null, null, null, null, null], batch.StepErrors.Select(e => e?.Code));
    }

    [Fact]
    public async Task Sequence_runs_statements_until_the_first_error()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();

        var results = await http.RunAsync(new HranaSequenceStreamRequest
        {
            Sql = $"CREATE TABLE {table}(a UNIQUE); INSERT INTO {table} VALUES (1); INSERT INTO {table} VALUES (1); INSERT INTO {table} VALUES (3);",
        });
        var count = await http.ExecuteAsync($"SELECT count(*) FROM {table}");

        Assert.Equal("SQLITE_CONSTRAINT", Assert.IsType<HranaStreamResultError>(results[0]).Error.Code);
        Assert.Equal(1, count.Rows[0][0].Integer);
    }

    [Fact]
    public async Task Sequence_with_a_syntax_error_runs_nothing()
    {
        using var http = servers.OpenClient();
        var table = SharedServers.Table();

        var results = await http.RunAsync(new HranaSequenceStreamRequest { Sql = $"CREATE TABLE {table}(a); SELEC 1;" });

        Assert.Equal("SQL_PARSE_ERROR", Assert.IsType<HranaStreamResultError>(results[0]).Error.Code);
        Assert.Equal("SQLITE_UNKNOWN", (await http.ExecuteErrorAsync($"SELECT * FROM {table}")).Code);
    }

    [Fact]
    public async Task Describe_reports_params_columns_and_readonly()
    {
        using var http = servers.OpenClient();

        var results = await http.RunAsync(
            new HranaDescribeStreamRequest { Sql = "SELECT name AS n, ?2, :x FROM sqlite_schema" },
            new HranaDescribeStreamRequest { Sql = "CREATE TABLE never_created(a)" },
            new HranaDescribeStreamRequest { Sql = "EXPLAIN SELECT 1" });

        var select = HranaHttp.Ok<HranaDescribeStreamResponse>(results[0]).Result;
        Assert.Equal([null, "?2", ":x"], select.Params.Select(p => p.Name));
        Assert.Equal(("n", "TEXT"), (select.Cols[0].Name, select.Cols[0].Decltype));
        Assert.True(select.IsReadonly);
        Assert.False(select.IsExplain);
        Assert.False(HranaHttp.Ok<HranaDescribeStreamResponse>(results[1]).Result.IsReadonly);
        Assert.True(HranaHttp.Ok<HranaDescribeStreamResponse>(results[2]).Result.IsExplain);
    }

    private static async Task<HranaBatchResult> RunBatchAsync(HranaHttp http, bool protobuf, string begin, string[] statements)
    {
        var notAutocommit = new HranaNotBatchCondition { Cond = new HranaIsAutocommitBatchCondition() };
        var steps = new List<HranaBatchStep> { new() { Stmt = HranaHttp.Stmt(begin) } };
        foreach (var sql in statements)
        {
            steps.Add(new HranaBatchStep
            {
                Stmt = HranaHttp.Stmt(sql),
                Condition = new HranaAndBatchCondition { Conds = [new HranaOkBatchCondition { Step = (uint)steps.Count - 1 }, notAutocommit] },
            });
        }

        var commit = steps.Count;
        steps.Add(new HranaBatchStep { Stmt = HranaHttp.Stmt("COMMIT"), Condition = new HranaAndBatchCondition { Conds = [new HranaOkBatchCondition { Step = (uint)commit - 1 }, notAutocommit] } });
        steps.Add(new HranaBatchStep { Stmt = HranaHttp.Stmt("ROLLBACK"), Condition = new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = (uint)commit } } });
        var results = await http.RunAsync(protobuf, new HranaBatchStreamRequest { Batch = new HranaBatch { Steps = steps } });
        return HranaHttp.Ok<HranaBatchStreamResponse>(results[0]).Result;
    }

    private static T? At<T>(IReadOnlyList<T?> list, int index)
        where T : class => index < list.Count ? list[index] : null;
}
