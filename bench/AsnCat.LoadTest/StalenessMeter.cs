using System.Diagnostics;
using System.Globalization;
using AsnCat.Contracts.Live;

namespace AsnCat.LoadTest;

/// <summary>
/// Observer staleness: for every acknowledged answer and every observer, the time from the
/// terminal's ack to the first board that observer held showing it. A terminal records the time
/// its answered count first reached each value (<c>AckAt[k - 1]</c>: the ack that made it k for
/// the first time); a count never exceeds the highest so far, so a board row showing answered
/// &gt;= k reflects that ack or a later state. Both ends are read from the generator's one
/// monotonic clock. A board held before the generator processed the ack counts 0 ms (the observer
/// saw it no later than the terminal saw its ack).
/// </summary>
public sealed class StalenessMeter(IReadOnlyDictionary<string, long[]> ackAt)
{
    /// <summary>Histogram buckets: 1 ms each; the last one holds everything above.</summary>
    public const int Buckets = 60_001;

    public long[] Histogram { get; } = new long[Buckets];

    public long[] Delivery { get; } = new long[Buckets];

    public long[] Work { get; } = new long[Buckets];

    public int Gaps { get; private set; }

    /// <summary>Replays one observer's messages and adds its samples.</summary>
    public Replayed Add(RawObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var replayed = observer.Replay((rows, heldAt, whole) => AddHeld(seen, rows, heldAt, whole));
        Gaps += replayed.Gaps;
        foreach (var ms in replayed.DeliveryMs)
        {
            Delivery[Math.Clamp((int)ms, 0, Buckets - 1)]++;
        }
        foreach (var ms in replayed.WorkMs)
        {
            Work[Math.Clamp((int)Math.Ceiling(ms), 0, Buckets - 1)]++;
        }
        return replayed;
    }

    /// <summary>
    /// One board a client held from <paramref name="heldAt"/>: a sample for every acknowledged
    /// answer it shows first. <paramref name="seen"/> is that client's answered count per
    /// participant so far; <paramref name="whole"/>: a whole board the client asked for (counted
    /// only for answers acknowledged by then), not a pushed patch.
    /// </summary>
    public void AddHeld(Dictionary<string, int> seen, IReadOnlyList<LiveRow> rows, long heldAt, bool whole)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            var before = seen.GetValueOrDefault(row.ParticipantNumber);
            if (row.Answered <= before || !ackAt.TryGetValue(row.ParticipantNumber, out var acks))
            {
                continue;
            }
            seen[row.ParticipantNumber] = row.Answered;
            for (var k = before; k < row.Answered && k < acks.Length; k++)
            {
                var acked = Volatile.Read(ref acks[k]);
                if (whole && acked == 0)
                {
                    continue;   // a board asked for: counted only for answers acknowledged after it was asked for
                }
                var ms = acked == 0 ? 0 : Math.Max(0, (heldAt - acked) * 1000 / Stopwatch.Frequency);
                Histogram[Math.Min(Buckets - 1, ms)]++;
            }
        }
    }

    /// <summary>Adds another meter's samples (observers replayed in parallel, one meter per thread).</summary>
    public void Merge(StalenessMeter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Buckets; i++)
        {
            Histogram[i] += other.Histogram[i];
            Delivery[i] += other.Delivery[i];
            Work[i] += other.Work[i];
        }
        Gaps += other.Gaps;
    }

    public static string Percentile(long[] histogram, double q)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var total = histogram.Sum();
        if (total == 0)
        {
            return "-";
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var ms = 0; ms < histogram.Length; ms++)
        {
            seen += histogram[ms];
            if (seen >= rank)
            {
                return ms == histogram.Length - 1 ? $">{ms}" : ms.ToString(CultureInfo.InvariantCulture);
            }
        }
        return "-";
    }
}
