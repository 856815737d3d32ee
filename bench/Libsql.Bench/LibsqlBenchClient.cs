using Libsql.Client;

namespace Libsql.Bench;

/// <summary>LibsqlClient with a forced encoding.</summary>
internal sealed class LibsqlBenchClient(string connectionString, LibsqlProtocol protocol) : IBenchClient
{
    private readonly LibsqlClient _client = new(Options(connectionString, protocol));

    public string Name { get; } = $"LibsqlClient ({protocol})";

    public Task WriteBatchAsync(int count)
    {
        var statements = new LibsqlStatement[count];
        for (var k = 0; k < count; k++)
        {
            statements[k] = new LibsqlStatement("INSERT INTO bench_a (i, t, r) VALUES (?, ?, ?)", new object[] { k, "text " + k, k * 0.5 });
        }

        return _client.BatchAsync(statements, LibsqlTransactionMode.Write);
    }

    public async Task<long> SelectAllAsync()
    {
        var result = await _client.ExecuteAsync("SELECT id, i, t, r, b FROM bench_b");
        long checksum = 0;
        foreach (var row in result.Rows)
        {
            checksum += row.GetValue<long>(0) + row.GetValue<long>(1) + row.GetValue<string>(2).Length + (long)row.GetValue<double>(3) + row.GetValue<byte[]>(4).Length;
        }

        return checksum;
    }

    public Task PointReadsAsync(int[] ids) =>
        Task.WhenAll(ids.Select(id => _client.ExecuteAsync("SELECT id, i, t, r, b FROM bench_b WHERE id = ?", new object[] { id })));

    public async Task<long> StreamAsync(Harness.PeakMemory memory)
    {
        long rows = 0;
        long checksum = 0;
        await foreach (var row in _client.QueryStreamAsync("SELECT id, i, t FROM bench_d"))
        {
            checksum += row.GetValue<long>(0) + row.GetValue<long>(1) + row.GetValue<string>(2).Length;
            if (++rows % 10_000 == 0)
            {
                memory.Sample();
            }
        }

        memory.Sample();
        return checksum > 0 ? rows : 0;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static LibsqlClientOptions Options(string connectionString, LibsqlProtocol protocol)
    {
        var options = LibsqlClientOptions.Parse(connectionString);
        options.Protocol = protocol;
        options.Timeout = TimeSpan.FromMinutes(5);
        return options;
    }
}
