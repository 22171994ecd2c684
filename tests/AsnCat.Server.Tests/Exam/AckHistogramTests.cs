using AsnCat.Server.Exam;

namespace AsnCat.Server.Tests.Exam;

/// <summary>The server's own answer times (runtime view): buckets a quarter apart, percentiles read as bucket upper bounds.</summary>
public sealed class AckHistogramTests
{
    [Fact]
    public void Percentiles_are_the_upper_bound_of_the_bucket_holding_the_rank_at_most_a_quarter_high()
    {
        var acks = new AckHistogram();
        for (var i = 0; i < 98; i++)
        {
            acks.Record(TimeSpan.FromMilliseconds(2));
        }
        acks.Record(TimeSpan.FromMilliseconds(300));
        acks.Record(TimeSpan.FromSeconds(3600));   // beyond every bound: the last, unbounded bucket

        var counts = acks.Counts();
        Assert.Equal(100, counts.Sum());
        var p50 = AckHistogram.Quantile(counts, 0.50);
        Assert.InRange(p50, 2, 2 * 1.25);
        var p99 = AckHistogram.Quantile(counts, 0.99);
        Assert.InRange(p99, 300, 300 * 1.25);
        Assert.Equal(double.PositiveInfinity, AckHistogram.Quantile(counts, 1.0));
        Assert.Equal(0, AckHistogram.Quantile(new long[counts.Length], 0.99));
    }

    [Fact]
    public void A_phase_is_the_difference_of_two_reads()
    {
        var acks = new AckHistogram();
        acks.Record(TimeSpan.FromMilliseconds(500));
        var before = acks.Counts();
        acks.Record(TimeSpan.FromMilliseconds(1));
        var phase = acks.Counts().Select((c, i) => c - before[i]).ToList();
        Assert.Equal(1, phase.Sum());
        Assert.InRange(AckHistogram.Quantile(phase, 0.99), 1, 1.25);
    }
}
