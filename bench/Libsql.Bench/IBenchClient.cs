namespace Libsql.Bench;

/// <summary>The four workloads, as one client runs them.</summary>
internal interface IBenchClient : IBenchSubject, IAsyncDisposable
{
    /// <summary>(a) one atomic batch of <paramref name="count"/> INSERTs.</summary>
    Task WriteBatchAsync(int count);

    /// <summary>(b) SELECT every row of bench_b (5 columns), every value decoded; returns a checksum.</summary>
    Task<long> SelectAllAsync();

    /// <summary>(c) one point read by primary key per id, all in flight at once.</summary>
    Task PointReadsAsync(int[] ids);

    /// <summary>(d) stream every row of bench_d, sampling managed memory; returns the row count.</summary>
    Task<long> StreamAsync(Harness.PeakMemory memory);
}
