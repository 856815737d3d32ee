using System.Data;
using System.Data.Common;
using Dapper;
using Libsql.Client;

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
}
