using System.Diagnostics;

namespace AsnCat.LoadTest;

/// <summary>Percentiles of acknowledgement latencies (nearest rank), in milliseconds.</summary>
public sealed record Latency(int Count, double P50, double P95, double P99, double Max)
{
    public static Latency Of(IEnumerable<List<long>> perTerminal)
    {
        var all = perTerminal.SelectMany(l => l).ToArray();
        if (all.Length == 0)
        {
            return new Latency(0, 0, 0, 0, 0);
        }
        Array.Sort(all);
        return new Latency(all.Length, Ms(At(all, 0.50)), Ms(At(all, 0.95)), Ms(At(all, 0.99)), Ms(all[^1]));
    }

    public static Latency Of(IEnumerable<TimeSpan> values) =>
        Of([values.Select(v => (long)(v.TotalSeconds * Stopwatch.Frequency)).ToList()]);

    public override string ToString() => $"{P50:0.0} / {P95:0.0} / {P99:0.0} / {Max:0.0} ms";

    private static long At(long[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
