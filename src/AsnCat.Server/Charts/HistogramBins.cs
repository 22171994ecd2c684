namespace AsnCat.Server.Charts;

/// <summary>One bar of a histogram: the values <see cref="From"/>..<see cref="To"/> (both included) and how many fell there.</summary>
public sealed record HistogramBin(int From, int To, int Count);

/// <summary>
/// The arithmetic behind <see cref="Histogram"/>: equal bins of <c>width</c> from <c>min</c> up to
/// and including <c>max</c> (the last bin may be narrower), every value counted once (values
/// outside the range go to the first or last bin), and where a value sits on the x axis.
/// </summary>
public static class HistogramBins
{
    public static IReadOnlyList<HistogramBin> Of(IEnumerable<int> values, int min, int max, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var count = ((max - min) / width) + 1;
        var counts = new int[count];
        foreach (var v in values)
        {
            counts[Math.Clamp((v - min) / width, 0, count - 1)]++;
        }
        return [.. counts.Select((c, i) => new HistogramBin(min + (i * width), Math.Min(min + ((i + 1) * width) - 1, max), c))];
    }

    /// <summary>The x of <paramref name="value"/> on an axis from <paramref name="left"/> (value <paramref name="min"/>) to <paramref name="right"/> (value <paramref name="max"/> + 1).</summary>
    public static double X(double value, int min, int max, double left, double right) =>
        left + ((value - min) / (max + 1 - min) * (right - left));
}
