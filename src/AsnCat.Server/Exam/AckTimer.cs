using Microsoft.AspNetCore.SignalR;

namespace AsnCat.Server.Exam;

/// <summary>
/// How long the server took over each answer or doubtful mark, from the call's dispatch to its
/// reply (waiting for the writer's commit included; the network and the client not): counts per
/// bucket, cumulative since the start. Upper bounds grow by a quarter from 0.1 ms, so a
/// percentile read from them is at most 25 % high. A load run reads it before and after a phase
/// and takes the difference.
/// </summary>
public sealed class AckHistogram
{
    /// <summary>Upper bound (ms) of each bucket; the last is unbounded.</summary>
    public static readonly IReadOnlyList<double> UpperMs = [.. Enumerable.Range(0, 60).Select(i => Math.Round(0.1 * Math.Pow(1.25, i), 3)), double.PositiveInfinity];

    private readonly long[] _counts = new long[UpperMs.Count];

    public void Record(TimeSpan took)
    {
        var ms = took.TotalMilliseconds;
        var i = 0;
        while (ms > UpperMs[i])
        {
            i++;
        }
        Interlocked.Increment(ref _counts[i]);
    }

    public long[] Counts()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }
        return counts;
    }

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/> of <paramref name="counts"/> (e.g. a difference of two reads); 0 when empty.</summary>
    public static double Quantile(IReadOnlyList<long> counts, double q)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (total == 0)
        {
            return 0;
        }
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return UpperMs[i];
            }
        }
        return UpperMs[^1];
    }
}

/// <summary>Counts connections of every hub as they open and close (a hub filter sees both).</summary>
/// <summary>Times the exam hub's answer and doubtful-mark calls on the server (<see cref="AckHistogram"/>).</summary>
public sealed class AckTimer(AckHistogram acks) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.HubMethodName is not (nameof(ExamTerminalHub.SaveAnswer) or nameof(ExamTerminalHub.MarkDoubtful)))
        {
            return await next(invocationContext);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await next(invocationContext);
        }
        finally
        {
            acks.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}

