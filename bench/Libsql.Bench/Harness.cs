using System.Diagnostics;

namespace Libsql.Bench;

/// <summary>
/// Warm-up runs per client, then timed repeats in rounds: each round runs every client once, in a rotating order, so
/// load changes on the (shared) machine hit all clients alike. Reports each client's median items per second.
/// </summary>
internal static class Harness
{
    /// <summary>Print every run as it starts (--verbose).</summary>
    public static bool Verbose { get; set; }

    public static async Task<double[]> MeasureRoundsAsync<TSubject>(IReadOnlyList<TSubject> clients, int warmups, int repeats, long itemsPerRun, Func<TSubject, Task> run, Action? beforeEachRun = null)
        where TSubject : IBenchSubject
    {
        foreach (var client in clients)
        {
            for (var i = 0; i < warmups; i++)
            {
                beforeEachRun?.Invoke();
                await run(client);
            }
        }

        var rates = clients.Select(_ => new List<double>(repeats)).ToArray();
        for (var round = 0; round < repeats; round++)
        {
            for (var k = 0; k < clients.Count; k++)
            {
                var index = (round + k) % clients.Count;
                beforeEachRun?.Invoke();
                if (Verbose)
                {
                    Console.WriteLine($"  round {round}: {clients[index].Name}");
                }

                var watch = Stopwatch.StartNew();
                await run(clients[index]);
                rates[index].Add(itemsPerRun / watch.Elapsed.TotalSeconds);
            }
        }

        return [.. rates.Select(Median)];
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>Tracks the largest managed heap seen while sampling.</summary>
    public sealed class PeakMemory
    {
        private long _peak;

        public PeakMemory()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _peak = GC.GetTotalMemory(false);
        }

        /// <summary>A peak for a client outside this process (none until observed).</summary>
        public static PeakMemory External() => new(0);

        private PeakMemory(long start) => _peak = start;

        public double PeakMiB => _peak / (1024.0 * 1024.0);

        public void Observe(long bytes) => _peak = Math.Max(_peak, bytes);

        public void Sample()
        {
            var now = GC.GetTotalMemory(false);
            if (now > _peak)
            {
                _peak = now;
            }
        }
    }
}
