namespace Libsql.Bench;

/// <summary>One client's result on one workload: median throughput over the repeats, and peak memory where measured.</summary>
internal sealed record Measurement(string Workload, string Client, string Unit, double Throughput, double? PeakMiB = null, string? Note = null);
