using System.Diagnostics;

namespace Libsql.Bench;

/// <summary>Warm-up, then timed repeats; reports the median of items per second.</summary>
internal static class Harness
{
    public static async Task<double> MeasureAsync(int warmups, int repeats, long itemsPerRun, Func<Task> run)
    {
        for (var i = 0; i < warmups; i++)
        {
            await run();
        }

        var rates = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            rates.Add(itemsPerRun / watch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        return rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
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

        public double PeakMiB => _peak / (1024.0 * 1024.0);

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
