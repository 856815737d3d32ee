using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Libsql.Client.Tests;

/// <summary>ADO.NET and Dapper over the client, against any libSQL server: the in-process test server and real sqld.</summary>
public abstract class AdoNetTestsBase(ILibsqlServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Settable properties (not a positional record): Dapper then converts INTEGER (long) to int.
    public sealed record Person
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public int Age { get; init; }

        public double? Score { get; init; }
    }

    private async Task<(LibsqlConnection Connection, string Table)> OpenWithTableAsync()
    {
        var connection = new LibsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        var table = TestServerFixture.NewTable("people");
        await connection.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, score REAL)");
        return (connection, table);
    }

    [Fact]
    public async Task Commands_readers_and_parameters_work()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO {table} (name, age, score) VALUES (@name, @age, $score)";
            insert.Parameters.AddWithValue("name", "Ada");
            insert.Parameters.AddWithValue("@age", 36);
            insert.Parameters.Add(new LibsqlParameter("score", DBNull.Value));
            Assert.Equal(1, await insert.ExecuteNonQueryAsync(Ct));
        }

        await using var positional = new LibsqlCommand($"SELECT id, name, age, score, x'00ff' AS bytes FROM {table} WHERE name = ?", connection);
        positional.Parameters.Add(new LibsqlParameter { Value = "Ada" });
        await using var reader = await positional.ExecuteReaderAsync(Ct);

        Assert.True(reader.HasRows);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(5, reader.FieldCount);
        Assert.Equal(typeof(long), reader.GetFieldType(0));
        Assert.Equal(typeof(string), reader.GetFieldType(1));
        Assert.Equal(typeof(double), reader.GetFieldType(3)); // NULL here: from the declared type REAL
        Assert.Equal("INTEGER", reader.GetDataTypeName(0));
        Assert.Equal("Ada", reader.GetString(reader.GetOrdinal("NAME")));
        Assert.Equal(36, reader.GetInt32(2));
        Assert.Equal(36L, reader.GetFieldValue<long>(2));
        Assert.True(reader.IsDBNull(3));
        Assert.Equal(DBNull.Value, reader["score"]);
        Assert.Null(reader.GetFieldValue<double?>(3));
        Assert.Equal(new byte[] { 0, 255 }, reader.GetFieldValue<byte[]>(4));
        Assert.Equal(2, reader.GetBytes(4, 0, null, 0, 0));
        Assert.False(await reader.ReadAsync(Ct));

        var schema = reader.GetSchemaTable();
        Assert.Equal(["id", "name", "age", "score", "bytes"], schema.Rows.Cast<DataRow>().Select(r => (string)r[SchemaTableColumn.ColumnName]));
        Assert.Equal(typeof(long), schema.Rows[0][SchemaTableColumn.DataType]);
    }

    [Fact]
    public async Task Scalars_and_errors_follow_ado_conventions()
    {
        await using var connection = new LibsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();

        command.CommandText = "SELECT NULL";
        Assert.Equal(DBNull.Value, await command.ExecuteScalarAsync(Ct));
        command.CommandText = "SELECT 1 WHERE 0";
        Assert.Null(await command.ExecuteScalarAsync(Ct));
        command.CommandText = "SELECT 'x' || 'y'";
        Assert.Equal("xy", command.ExecuteScalar());
        command.CommandText = "SELEC";
        var error = await Assert.ThrowsAsync<LibsqlException>(() => command.ExecuteNonQueryAsync(Ct));
        Assert.Equal("SQL_PARSE_ERROR", error.SqlState);
        Assert.Equal("Hrana Protobuf", connection.ServerVersion);
    }

    [Fact]
    public async Task DbTransaction_maps_to_an_interactive_transaction()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;

        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await using var command = new LibsqlCommand($"INSERT INTO {table} (name, age) VALUES ('a', 1)", connection, transaction);
            await command.ExecuteNonQueryAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        using (var transaction = connection.BeginTransaction())
        {
            // No explicit Transaction on the command: the connection's open transaction is used.
            await using var command = new LibsqlCommand($"INSERT INTO {table} (name, age) VALUES ('b', 2)", connection);
            command.ExecuteNonQuery();
            transaction.Commit();
        }

        Assert.Equal(["b"], await connection.QueryAsync<string>($"SELECT name FROM {table}"));
    }

    [Fact]
    public async Task Dapper_queries_executes_and_transactions()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;

        var inserted = await connection.ExecuteAsync(
            $"INSERT INTO {table} (name, age, score) VALUES (@Name, @Age, @Score)",
            new[] { new { Name = "Ada", Age = 36, Score = (double?)9.5 }, new { Name = "Alan", Age = 41, Score = (double?)null } });
        var people = (await connection.QueryAsync<Person>($"SELECT id AS Id, name AS Name, age AS Age, score AS Score FROM {table} WHERE age > @min ORDER BY id", new { min = 30 })).ToList();
        var count = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");

        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await connection.ExecuteAsync($"DELETE FROM {table} WHERE name = @name", new { name = "Ada" }, transaction);
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}", transaction: transaction));
            await transaction.RollbackAsync(Ct);
        }

        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await connection.ExecuteAsync($"UPDATE {table} SET age = age + 1", transaction: transaction);
            await transaction.CommitAsync(Ct);
        }

        Assert.Equal(2, inserted);
        Assert.Equal(2L, count);
        Assert.Equal([new Person { Id = 1, Name = "Ada", Age = 36, Score = 9.5 }, new Person { Id = 2, Name = "Alan", Age = 41 }], people);
        Assert.Equal([37, 42], await connection.QueryAsync<int>($"SELECT age FROM {table} ORDER BY id"));
    }

    [Fact]
    public async Task Provider_factory_and_data_source_hand_out_working_connections()
    {
        LibsqlFactory.Register();
        var factory = DbProviderFactories.GetFactory(LibsqlFactory.ProviderInvariantName);
        await using var fromFactory = factory.CreateConnection()!;
        fromFactory.ConnectionString = fixture.ConnectionString;
        await fromFactory.OpenAsync(Ct);

        await using var dataSource = new LibsqlDataSource(fixture.ConnectionString);
        await using var fromDataSource = await dataSource.OpenConnectionAsync(Ct);
        await using var command = dataSource.CreateCommand("SELECT 40 + 2");

        Assert.Same(LibsqlFactory.Instance, factory);
        Assert.Equal(1L, await fromFactory.ExecuteScalarAsync<long>("SELECT 1"));
        Assert.Equal(42L, await command.ExecuteScalarAsync(Ct));
        Assert.DoesNotContain(fixture.Token, dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Open, fromDataSource.State);
    }

    [Fact]
    public async Task A_large_result_streams_and_a_closed_reader_throws()
    {
        await using var connection = new LibsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new LibsqlCommand("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x, 'row ' || x AS t FROM c", connection);

        var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(reader.HasRows);
        long sum = 0;
        var rows = 0;
        while (await reader.ReadAsync(Ct))
        {
            sum += reader.GetInt64(0);
            Assert.Equal("row " + reader.GetInt64(0), reader.GetString(1));
            rows++;
        }

        Assert.Equal(20000, rows);
        Assert.Equal(20000L * 20001 / 2, sum);
        Assert.Equal(-1, reader.RecordsAffected);
        await reader.CloseAsync();

        Assert.True(reader.IsClosed);
        Assert.Contains("reader is closed", Assert.Throws<InvalidOperationException>(() => reader.Read()).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => reader.FieldCount);
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.NextResultAsync(Ct));

        // Closing in the middle of a result drops the rest and leaves the connection usable.
        await using (var partial = await command.ExecuteReaderAsync(Ct))
        {
            Assert.True(await partial.ReadAsync(Ct));
        }

        Assert.Equal(5L, await connection.ExecuteScalarAsync<long>("SELECT 5"));
    }

    [Fact]
    public async Task Several_statements_give_several_result_sets_as_Microsoft_Data_Sqlite_does()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;

        await using var command = new LibsqlCommand(
            $"""
            INSERT INTO {table} (name, age) VALUES (@name, @age);  -- a comment; with a semicolon
            INSERT INTO {table} (name, age) VALUES ('semi;colon', @age + 1);
            SELECT name FROM {table} WHERE age >= @age ORDER BY id;
            UPDATE {table} SET score = 1.5;
            SELECT count(*) AS n, @name AS again FROM {table};
            """,
            connection);
        command.Parameters.AddWithValue("@name", "Ada");
        command.Parameters.AddWithValue("age", 36);

        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            Assert.Equal("name", reader.GetName(0));
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal("Ada", reader.GetString(0));
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal("semi;colon", reader.GetString(0));
            Assert.False(await reader.ReadAsync(Ct));
            Assert.Equal(2, reader.RecordsAffected);

            Assert.True(await reader.NextResultAsync(Ct));
            Assert.Equal(["n", "again"], [reader.GetName(0), reader.GetName(1)]);
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(2L, reader.GetInt64(0));
            Assert.Equal("Ada", reader.GetString(1));
            Assert.Equal(4, reader.RecordsAffected);
            Assert.False(await reader.NextResultAsync(Ct));
        }

        // Statements without columns only count; positional parameters are handed out in order.
        await using var positional = new LibsqlCommand($"DELETE FROM {table} WHERE age = ?; INSERT INTO {table} (name, age) VALUES (?, ?)", connection);
        positional.Parameters.Add(new LibsqlParameter { Value = 37 });
        positional.Parameters.Add(new LibsqlParameter { Value = "Grace" });
        positional.Parameters.Add(new LibsqlParameter { Value = 85 });
        Assert.Equal(2, await positional.ExecuteNonQueryAsync(Ct));
        Assert.Equal(-1, await new LibsqlCommand("SELECT 1; SELECT 2", connection).ExecuteNonQueryAsync(Ct));
        Assert.Equal(["Ada", "Grace"], await connection.QueryAsync<string>($"SELECT name FROM {table} ORDER BY id"));

        // A trigger body's semicolons do not split it.
        await using var trigger = new LibsqlCommand(
            $"CREATE TRIGGER {table}_t AFTER INSERT ON {table} BEGIN UPDATE {table} SET age = CASE WHEN NEW.age IS NULL THEN 0 ELSE NEW.age END WHERE id = NEW.id; UPDATE {table} SET score = 2 WHERE id = NEW.id; END; INSERT INTO {table} (name) VALUES ('Tim')",
            connection);
        await trigger.ExecuteNonQueryAsync(Ct);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>($"SELECT age FROM {table} WHERE name = 'Tim'"));
    }

    [Fact]
    public async Task Statements_stop_at_the_first_failure()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;

        await using var command = new LibsqlCommand($"INSERT INTO {table} (name) VALUES ('a'); INSERT INTO nowhere VALUES (1); INSERT INTO {table} (name) VALUES ('b')", connection);
        await Assert.ThrowsAsync<LibsqlException>(() => command.ExecuteNonQueryAsync(Ct));

        await using var reading = new LibsqlCommand($"SELECT name FROM {table}; INSERT INTO nowhere VALUES (1); INSERT INTO {table} (name) VALUES ('c')", connection);
        var reader = await reading.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        await Assert.ThrowsAsync<LibsqlException>(() => reader.NextResultAsync(Ct));
        await reader.DisposeAsync();

        Assert.Equal(["a"], await connection.QueryAsync<string>($"SELECT name FROM {table}"));
    }

    [Fact]
    public async Task A_DbBatch_runs_in_one_atomic_request_and_reports_per_command_counts()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;
        Assert.True(connection.CanCreateBatch);
        Assert.True(LibsqlFactory.Instance.CanCreateBatch);

        await using var batch = connection.CreateBatch();
        var insert = new LibsqlBatchCommand($"INSERT INTO {table} (name, age) VALUES (@n, 1), (@n || '2', 2)");
        insert.Parameters.AddWithValue("n", "x");
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new LibsqlBatchCommand($"UPDATE {table} SET age = age + 10"));
        batch.BatchCommands.Add(new LibsqlBatchCommand($"SELECT name, age FROM {table} ORDER BY id"));

        await using (var reader = await batch.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal("x", reader.GetString(0));
            Assert.Equal(11, reader.GetInt32(1));
        }

        Assert.Equal(2, batch.BatchCommands[0].RecordsAffected);
        Assert.Equal(2, batch.BatchCommands[1].RecordsAffected);
        Assert.Equal(-1, batch.BatchCommands[2].RecordsAffected);

        // Atomic: a failing command rolls back the ones before it.
        await using var failing = new LibsqlBatch(connection);
        failing.BatchCommands.Add(new LibsqlBatchCommand($"DELETE FROM {table}"));
        failing.BatchCommands.Add(new LibsqlBatchCommand($"INSERT INTO {table} (name) VALUES (NULL)"));
        await Assert.ThrowsAsync<LibsqlException>(() => failing.ExecuteNonQueryAsync(Ct));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

        // Inside a transaction the batch runs on its stream.
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await using var inTransaction = new LibsqlBatch(connection, transaction);
            inTransaction.BatchCommands.Add(new LibsqlBatchCommand($"DELETE FROM {table}"));
            inTransaction.BatchCommands.Add(new LibsqlBatchCommand($"SELECT count(*) FROM {table}"));
            Assert.Equal(0L, await inTransaction.ExecuteScalarAsync(Ct));
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task Commands_in_a_transaction_fail_once_SQLite_ended_it_instead_of_autocommitting()
    {
        var (connection, table) = await OpenWithTableAsync();
        await using var _ = connection;
        await connection.ExecuteAsync($"INSERT INTO {table} (id, name) VALUES (1, 'a')");

        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await connection.ExecuteAsync($"INSERT INTO {table} (id, name) VALUES (2, 'b')", transaction: transaction);

        // ON CONFLICT ROLLBACK: SQLite rolls the whole transaction back on its own.
        await Assert.ThrowsAsync<LibsqlException>(() => connection.ExecuteAsync($"INSERT OR ROLLBACK INTO {table} (id, name) VALUES (1, 'dup')", transaction: transaction));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ExecuteAsync($"INSERT INTO {table} (id, name) VALUES (3, 'c')", transaction: transaction));
        Assert.Contains("SQLite ended it", error.Message, StringComparison.Ordinal);
        Assert.True(transaction.Transaction.IsCompleted);
        await transaction.RollbackAsync(Ct);

        Assert.Equal(["a"], await connection.QueryAsync<string>($"SELECT name FROM {table} ORDER BY id"));
    }

    [Fact]
    public async Task Dapper_unbuffered_queries_stream()
    {
        await using var connection = new LibsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);

        long count = 0;
        foreach (var x in connection.Query<long>("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c", buffered: false))
        {
            count += x;
        }

        var unbuffered = 0;
        await foreach (var row in connection.QueryUnbufferedAsync<long>("SELECT 1 UNION ALL SELECT 2"))
        {
            unbuffered += (int)row;
        }

        Assert.Equal(5000L * 5001 / 2, count);
        Assert.Equal(3, unbuffered);
    }

    public enum Mood : short
    {
        Calm = 3,
    }

    [Fact]
    public async Task Values_are_stored_and_read_in_Microsoft_Data_Sqlite_formats()
    {
        await using var connection = new LibsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        using var local = new SqliteConnection("Data Source=:memory:");
        local.Open();

        await AssertSameAsync(connection, local, new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567));
        await AssertSameAsync(connection, local, new DateTime(2024, 2, 29));
        await AssertSameAsync(connection, local, new DateTimeOffset(2024, 2, 29, 13, 14, 15, 500, TimeSpan.FromHours(2)));
        await AssertSameAsync(connection, local, Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"));
        await AssertSameAsync(connection, local, 1m);
        await AssertSameAsync(connection, local, 0.10m);
        await AssertSameAsync(connection, local, -123456789.0123456789m);
        await AssertSameAsync(connection, local, new TimeSpan(1, 2, 3, 4, 5));
        await AssertSameAsync(connection, local, new DateOnly(2024, 12, 31));
        await AssertSameAsync(connection, local, new TimeOnly(13, 14, 15, 123));
        await AssertSameAsync(connection, local, true);
        await AssertSameAsync(connection, local, 'x');
        await AssertSameAsync(connection, local, Mood.Calm);
        await AssertSameAsync(connection, local, new byte[] { 0, 1, 255 });
        await AssertSameAsync(connection, local, 1.5f);

        // Stored forms Microsoft.Data.Sqlite also reads: Julian days, day counts, 16-byte blobs, code points.
        await AssertReadSameAsync<DateTime>(connection, local, "2460000.25");
        await AssertReadSameAsync<DateTime>(connection, local, "2460000");
        await AssertReadSameAsync<DateTimeOffset>(connection, local, "'2024-01-02 03:04:05+01:00'");
        await AssertReadSameAsync<DateOnly>(connection, local, "2460000.5");
        await AssertReadSameAsync<TimeSpan>(connection, local, "1.5");
        await AssertReadSameAsync<Guid>(connection, local, "x'00112233445566778899aabbccddeeff'");
        await AssertReadSameAsync<Guid>(connection, local, "'6F9619FF-8B86-D011-B42D-00CF4FC964FF'");
        await AssertReadSameAsync<char>(connection, local, "65");
        await AssertReadSameAsync<decimal>(connection, local, "'1.5e3'");
        await AssertReadSameAsync<bool>(connection, local, "2");
        await AssertReadSameAsync<Mood>(connection, local, "3");

        await using var reader = await new LibsqlCommand("SELECT x'414243', 'text'", connection).ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        using var stream = reader.GetFieldValue<Stream>(0);
        Assert.Equal(3, stream.Length);
        Assert.Equal("text", await reader.GetFieldValue<TextReader>(1).ReadToEndAsync(Ct));
    }

    private static async Task AssertSameAsync<T>(LibsqlConnection connection, SqliteConnection local, T value)
    {
        using var theirs = local.CreateCommand();
        theirs.CommandText = "SELECT quote($v)";
        theirs.Parameters.AddWithValue("$v", value);
        var expected = (string)theirs.ExecuteScalar()!;

        await using var ours = new LibsqlCommand("SELECT quote($v)", connection);
        ours.Parameters.AddWithValue("$v", value);
        Assert.Equal(expected, (string?)await ours.ExecuteScalarAsync(Ct));

        var read = await AssertReadSameAsync<T>(connection, local, expected);
        Assert.Equal(value, read);
    }

    private static async Task<T> AssertReadSameAsync<T>(LibsqlConnection connection, SqliteConnection local, string literal)
    {
        using var theirs = local.CreateCommand();
        theirs.CommandText = "SELECT " + literal;
        using var theirReader = theirs.ExecuteReader();
        Assert.True(theirReader.Read());
        var expected = theirReader.GetFieldValue<T>(0);

        await using var ours = new LibsqlCommand("SELECT " + literal, connection);
        await using var reader = await ours.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        var actual = reader.GetFieldValue<T>(0);
        Assert.Equal(expected, actual);
        return actual;
    }

    [Fact]
    public async Task Readers_read_the_whole_result_first_on_Hrana_2()
    {
        await using var connection = new LibsqlConnection(fixture.ConnectionString + ";Protocol=JsonV2");
        await connection.OpenAsync(Ct);
        await using var reader = await new LibsqlCommand("SELECT 1 AS a; SELECT 'b' AS b UNION ALL SELECT 'c'", connection).ExecuteReaderAsync(Ct);

        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.True(await reader.NextResultAsync(Ct));
        Assert.Equal("b", reader.GetName(0));
        Assert.True(await reader.ReadAsync(Ct));
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal("c", reader.GetString(0));
        Assert.False(await reader.ReadAsync(Ct));
        Assert.False(await reader.NextResultAsync(Ct));
    }
}
