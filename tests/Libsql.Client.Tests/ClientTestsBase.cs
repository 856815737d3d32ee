using Libsql.Auth;

namespace Libsql.Client.Tests;

/// <summary>
/// Client behaviour any libSQL server must show: run against the in-process test server and against real sqld.
/// </summary>
public abstract class ClientTestsBase(ILibsqlServerFixture fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<LibsqlProtocol> Protocols => [LibsqlProtocol.Protobuf, LibsqlProtocol.Json, LibsqlProtocol.JsonV2];

    protected ILibsqlServerFixture Fixture => fixture;

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Execute_returns_columns_rows_count_and_rowid(LibsqlProtocol protocol)
    {
        await using var client = fixture.CreateClient(protocol);
        var table = TestServerFixture.NewTable();
        await client.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)", cancellationToken: Ct);

        var insert = await client.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES (?, ?), (?, ?)", new object?[] { "a", 1.5, "b", null }, Ct);
        var select = await client.ExecuteAsync($"SELECT id, name, score FROM {table} WHERE name = :name", new { name = "b" }, Ct);

        Assert.Equal(2, insert.RowsAffected);
        Assert.Equal(2L, insert.LastInsertRowid);
        Assert.Equal(["id", "name", "score"], select.Columns.Select(c => c.Name));
        Assert.Equal(["INTEGER", "TEXT", "REAL"], select.Columns.Select(c => c.DeclaredType));
        var row = Assert.Single(select.Rows);
        Assert.Equal(2L, row["id"].AsInteger());
        Assert.Equal("b", row.GetValue<string>("NAME"));
        Assert.True(row[2].IsNull);
        Assert.Null(row.GetValue<double?>("score"));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Values_survive_the_round_trip_at_their_limits(LibsqlProtocol protocol)
    {
        await using var client = fixture.CreateClient(protocol);
        var allBytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var bigText = new string('é', 300_000) + "😀";
        object?[] values =
        [
            long.MinValue, long.MaxValue, 9007199254740993L, 0L, -1L,
            double.MaxValue, double.Epsilon, -1.0e-300, 0.1,
            "", "héllo\n\"quoted\"\t😀", bigText,
            Array.Empty<byte>(), allBytes,
            null,
        ];

        var result = await client.ExecuteAsync(
            "SELECT " + string.Join(", ", values.Select(_ => "?")),
            values,
            Ct);

        var row = Assert.Single(result.Rows);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], row[i].ToObject());
        }

        Assert.Equal(LibsqlValueType.Integer, row[0].Type);
        Assert.Equal(LibsqlValueType.Real, row[5].Type);
        Assert.Equal(LibsqlValueType.Blob, row[12].Type);
        Assert.Equal(LibsqlValueType.Null, row[14].Type);
    }

    [Fact]
    public async Task Dotnet_types_map_through_the_server()
    {
        await using var client = fixture.CreateClient();
        var guid = Guid.NewGuid();
        var when = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5));
        var result = await client.ExecuteAsync(
            "SELECT :g, :d, :m, :b, :e, typeof(:m), :f",
            new Dictionary<string, object?> { ["g"] = guid, ["d"] = when, ["m"] = 12345678901234567890.123m, ["b"] = true, ["e"] = DayOfWeek.Friday, ["f"] = 2.5f },
            Ct);

        var row = result.Rows[0];
        Assert.Equal(guid, row.GetValue<Guid>(0));
        Assert.Equal(when, row.GetValue<DateTimeOffset>(1));
        Assert.Equal(12345678901234567890.123m, row.GetValue<decimal>(2));
        Assert.True(row.GetValue<bool>(3));
        Assert.Equal(DayOfWeek.Friday, row.GetValue<DayOfWeek>(4));
        Assert.Equal("text", row.GetValue<string>(5));
        Assert.Equal(2.5f, row.GetValue<float>(6));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Batch_is_atomic(LibsqlProtocol protocol)
    {
        await using var client = fixture.CreateClient(protocol);
        var table = TestServerFixture.NewTable();
        await client.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v TEXT UNIQUE)", cancellationToken: Ct);

        var ok = await client.BatchAsync(
            [new($"INSERT INTO {table} (v) VALUES (?)", new object[] { "a" }), new($"INSERT INTO {table} (v) VALUES (:v)", new { v = "b" }), new($"SELECT count(*) FROM {table}")],
            LibsqlTransactionMode.Write,
            Ct);
        Assert.Equal(3, ok.Count);
        Assert.Equal(2L, ok[2].Rows[0].GetValue<long>(0));

        var failure = await Assert.ThrowsAsync<LibsqlException>(() => client.BatchAsync(
            [new($"INSERT INTO {table} (v) VALUES ('c')"), new($"INSERT INTO {table} (v) VALUES ('a')"), new($"INSERT INTO {table} (v) VALUES ('d')")],
            cancellationToken: Ct));
        Assert.Equal("SQLITE_CONSTRAINT", failure.Code);
        Assert.Equal(LibsqlErrorKind.Sql, failure.Kind);
        Assert.Equal(2L, (await client.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Scripts_run_in_sequence_and_describe_reports_statements(LibsqlProtocol protocol)
    {
        await using var client = fixture.CreateClient(protocol);
        var table = TestServerFixture.NewTable();

        await client.ExecuteScriptAsync($"CREATE TABLE {table} (a INTEGER, b TEXT); INSERT INTO {table} VALUES (1, 'x'); INSERT INTO {table} VALUES (2, 'y');", Ct);
        var described = await client.DescribeAsync($"SELECT a, b FROM {table} WHERE a = :a AND b = ?", Ct);
        var write = await client.DescribeAsync($"DELETE FROM {table}", Ct);

        Assert.Equal(2L, (await client.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
        Assert.Equal([":a", null], described.Parameters);
        Assert.Equal(["a", "b"], described.Columns.Select(c => c.Name));
        Assert.Equal("INTEGER", described.Columns[0].DeclaredType);
        Assert.True(described.IsReadOnly);
        Assert.False(write.IsReadOnly);
        Assert.Equal("SQL_PARSE_ERROR", (await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteScriptAsync("CREATE TABLE (", Ct))).Code);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task QueryStream_yields_every_row(LibsqlProtocol protocol)
    {
        await using var client = fixture.CreateClient(protocol);
        long count = 0;
        long sum = 0;
        await foreach (var row in client.QueryStreamAsync(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT x, 'row ' || x AS label FROM c",
            new { n = 20_000 },
            Ct))
        {
            count++;
            sum += row.GetValue<long>("x");
            Assert.Equal("row " + row.GetValue<long>(0), row.GetValue<string>("label"));
        }

        Assert.Equal(20_000, count);
        Assert.Equal(20_000L * 20_001 / 2, sum);
    }

    [Fact]
    public async Task QueryStream_reports_errors_and_can_be_abandoned_early()
    {
        await using var client = fixture.CreateClient();
        var error = await Assert.ThrowsAsync<LibsqlException>(async () =>
        {
            await foreach (var unused in client.QueryStreamAsync("SELECT * FROM no_such_table", cancellationToken: Ct))
            {
            }
        });
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);

        await foreach (var row in client.QueryStreamAsync("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x FROM c", cancellationToken: Ct))
        {
            if (row.GetValue<long>(0) == 10)
            {
                break;
            }
        }

        Assert.Equal(1L, (await client.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }

    [Fact]
    public async Task Sql_errors_carry_the_code_and_the_statement_only_on_request()
    {
        await using var client = fixture.CreateClient();
        await using var verbose = fixture.CreateClient(configure: o => o.IncludeStatementInErrors = true);
        const string Bad = "SELEC 1 FROM secret_table_name";

        var quiet = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync(Bad, cancellationToken: Ct));
        var loud = await Assert.ThrowsAsync<LibsqlException>(() => verbose.ExecuteAsync(Bad, cancellationToken: Ct));
        var many = await Assert.ThrowsAsync<LibsqlException>(() => client.ExecuteAsync("SELECT 1; SELECT 2", cancellationToken: Ct));

        Assert.Equal("SQL_PARSE_ERROR", quiet.Code);
        Assert.Equal(LibsqlErrorKind.Sql, quiet.Kind);
        Assert.Null(quiet.Statement);
        Assert.DoesNotContain("secret_table_name", quiet.Message, StringComparison.Ordinal);
        Assert.Equal(Bad, loud.Statement);
        Assert.Contains(Bad, loud.Message, StringComparison.Ordinal);
        Assert.Equal("SQL_MANY_STATEMENTS", many.Code);
    }

    [Fact]
    public async Task Auth_failures_are_distinguishable_and_never_show_the_token()
    {
        var endpoint = fixture.Endpoint;
        using var otherKey = LibsqlSigningKey.Generate();
        var foreignToken = otherKey.MintToken();
        var readOnlyToken = fixture.MintToken(LibsqlTokenOptions.ReadOnlyAccess);
        var table = TestServerFixture.NewTable();
        await using (var admin = fixture.CreateClient())
        {
            await admin.ExecuteAsync($"CREATE TABLE {table} (v)", cancellationToken: Ct);
        }

        await using var anonymous = new LibsqlClient(new LibsqlClientOptions { Endpoint = endpoint });
        await using var foreign = new LibsqlClient(new LibsqlClientOptions { Endpoint = endpoint, AuthToken = foreignToken });
        await using var readOnly = new LibsqlClient(new LibsqlClientOptions { Endpoint = endpoint, AuthToken = readOnlyToken });

        var missing = await Assert.ThrowsAsync<LibsqlException>(() => anonymous.ExecuteAsync("SELECT 1", cancellationToken: Ct));
        var wrongKey = await Assert.ThrowsAsync<LibsqlException>(() => foreign.ExecuteAsync("SELECT 1", cancellationToken: Ct));
        var forbidden = await Assert.ThrowsAsync<LibsqlException>(() => readOnly.ExecuteAsync($"INSERT INTO {table} VALUES (1)", cancellationToken: Ct));
        var reading = await readOnly.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct);

        Assert.Equal(LibsqlErrorKind.Unauthorized, missing.Kind);
        Assert.Equal(401, missing.HttpStatusCode);
        Assert.Contains("AuthToken", missing.Message, StringComparison.Ordinal);
        Assert.Equal(LibsqlErrorKind.Unauthorized, wrongKey.Kind);
        Assert.Contains("SQLD_AUTH_JWT_KEY", wrongKey.Message, StringComparison.Ordinal);
        Assert.Equal(LibsqlErrorKind.Forbidden, forbidden.Kind);
        Assert.Equal(403, forbidden.HttpStatusCode);
        Assert.Contains("read-only", forbidden.Message, StringComparison.Ordinal);
        Assert.Equal(0L, reading.Rows[0].GetValue<long>(0));
        foreach (var error in new[] { missing, wrongKey, forbidden })
        {
            Assert.True(error.IsAuthError);
            Assert.DoesNotContain(foreignToken, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(readOnlyToken, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Token, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_hundred_parallel_operations_share_one_client()
    {
        await using var client = fixture.CreateClient();
        var table = TestServerFixture.NewTable();
        await client.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v INTEGER)", cancellationToken: Ct);

        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            if (i % 2 == 0)
            {
                await client.ExecuteAsync($"INSERT INTO {table} (id, v) VALUES (?, ?)", new object[] { i, i * 10 }, Ct);
                return -1L;
            }

            var result = await client.ExecuteAsync("SELECT ? * 2", new object[] { i }, Ct);
            return result.Rows[0].GetValue<long>(0);
        });
        var results = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, 200).Where(i => i % 2 == 1).Select(i => i * 2L), results.Where(r => r >= 0));
        Assert.Equal(100L, (await client.ExecuteAsync($"SELECT count(*) FROM {table}", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }

    [Fact]
    public async Task Cancellation_stops_a_request_in_flight()
    {
        await using var client = fixture.CreateClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(150));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExecuteAsync(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT sum(x) FROM c",
            cancellationToken: cancel.Token));

        // The exception is the proof (an uncancelled query completes); the bound only catches a call that waited for the
        // server's answer instead of giving up, and is generous because CI shares two cores.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"cancellation took {started.Elapsed}");
        Assert.Equal(1L, (await client.ExecuteAsync("SELECT 1", cancellationToken: Ct)).Rows[0].GetValue<long>(0));
    }
}
