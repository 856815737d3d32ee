using Dapper;
using Libsql.Client;

namespace Libsql.Bench;

/// <summary>
/// (e) one way of reading every row of bench_d through the ADO.NET provider: a <see cref="LibsqlDataReader"/>, Dapper's
/// unbuffered query, or the reader's whole-result fallback (Hrana 2; also what runs inside a transaction).
/// </summary>
internal sealed class AdoReadBench : IBenchSubject
{
    private const string Sql = "SELECT id, i, t FROM bench_d";

    private readonly string _connectionString;
    private readonly bool _dapper;

    private AdoReadBench(string name, string connectionString, bool dapper)
    {
        Name = name;
        _connectionString = connectionString;
        _dapper = dapper;
    }

    public string Name { get; }

    public static AdoReadBench Reader(string connectionString) =>
        new("LibsqlDataReader (cursor)", connectionString + ";Protocol=Protobuf;Timeout=300", dapper: false);

    public static AdoReadBench DapperUnbuffered(string connectionString) =>
        new("Dapper QueryUnbufferedAsync", connectionString + ";Protocol=Protobuf;Timeout=300", dapper: true);

    public static AdoReadBench WholeResult(string connectionString) =>
        new("LibsqlDataReader, whole-result fallback (Hrana 2)", connectionString + ";Protocol=JsonV2;Timeout=300", dapper: false);

    public async Task<long> ReadAsync(Harness.PeakMemory memory)
    {
        await using var connection = new LibsqlConnection(_connectionString);
        await connection.OpenAsync();
        long rows = 0;
        long checksum = 0;
        if (_dapper)
        {
            await foreach (var row in connection.QueryUnbufferedAsync<Row>(Sql))
            {
                checksum += row.Id + row.I + row.T.Length;
                if (++rows % 10_000 == 0)
                {
                    memory.Sample();
                }
            }
        }
        else
        {
            await using var command = new LibsqlCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                checksum += reader.GetInt64(0) + reader.GetInt64(1) + reader.GetString(2).Length;
                if (++rows % 10_000 == 0)
                {
                    memory.Sample();
                }
            }
        }

        memory.Sample();
        return checksum > 0 ? rows : 0;
    }

    // Settable properties: Dapper maps INTEGER (long) columns onto them.
    private sealed class Row
    {
        public long Id { get; set; }

        public long I { get; set; }

        public string T { get; set; } = "";
    }
}
