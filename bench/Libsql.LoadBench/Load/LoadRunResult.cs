namespace Libsql.LoadBench;

/// <summary>What one timed load run did: latencies per operation, errors by kind, acknowledged writes.</summary>
/// <param name="Clients">Concurrent request loops.</param>
/// <param name="Elapsed">From the first request to the last response (requests in flight at the deadline finish).</param>
/// <param name="Latencies">Each operation's latencies in milliseconds, sorted ascending.</param>
/// <param name="Errors">Failed requests by "operation: status" (or exception type), with their counts.</param>
/// <param name="ErrorSamples">One response body (or exception message) per error kind.</param>
/// <param name="AcknowledgedCreates">Notes created with 201.</param>
/// <param name="AcknowledgedUpdates">Updates answered 200.</param>
/// <param name="AcknowledgedMoves">Moves answered 200.</param>
internal sealed record LoadRunResult(
    int Clients,
    TimeSpan Elapsed,
    IReadOnlyDictionary<LoadOperation, double[]> Latencies,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyDictionary<string, string> ErrorSamples,
    int AcknowledgedCreates,
    int AcknowledgedUpdates,
    int AcknowledgedMoves)
{
    /// <summary>Every request, failed or not.</summary>
    public int Requests => Latencies.Values.Sum(l => l.Length);

    /// <summary>Failed requests.</summary>
    public int ErrorCount => Errors.Values.Sum();

    /// <summary>Completed requests per second.</summary>
    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>All latencies, sorted ascending.</summary>
    public double[] AllLatencies => [.. Latencies.Values.SelectMany(l => l).Order()];

    /// <summary>The nearest-rank percentile (0 &lt; <paramref name="p"/> &lt;= 1) of sorted values; NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
