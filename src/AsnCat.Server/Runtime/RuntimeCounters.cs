using System.Diagnostics.Metrics;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
using AsnCat.Server.Live;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Runtime;

/// <summary>
/// What this process holds open right now: connections per hub and Blazor circuits (terminal,
/// console and board pages). Read by <c>GET /api/admin/runtime</c>; a soak run checks they return
/// to zero when every client has gone (nothing leaked).
/// </summary>
public sealed class RuntimeCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _pooledBytes;
    private long _examConnections;
    private long _liveConnections;
    private long _otherConnections;
    private long _circuits;

    public long ExamConnections => Interlocked.Read(ref _examConnections);

    public long LiveConnections => Interlocked.Read(ref _liveConnections);

    /// <summary>Connections of any other hub (Blazor's own circuit hub is counted as circuits).</summary>
    public long OtherConnections => Interlocked.Read(ref _otherConnections);

    public long Circuits => Interlocked.Read(ref _circuits);

    /// <summary>
    /// Free blocks held by the servers' pinned buffer pools (Kestrel's), ready for reuse and given
    /// back to the GC while idle (<c>aspnetcore.memory_pool.pooled</c>): on the pinned heap, but not live data.
    /// </summary>
    public long PooledBytes => Interlocked.Read(ref _pooledBytes);

    public RuntimeCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.MemoryPool", Name: "aspnetcore.memory_pool.pooled" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, delta, _, _) => Interlocked.Add(ref _pooledBytes, delta));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    internal void Hub(Hub hub, int delta)
    {
        switch (hub)
        {
            case ExamTerminalHub:
                Interlocked.Add(ref _examConnections, delta);
                break;
            case LiveHub:
                Interlocked.Add(ref _liveConnections, delta);
                break;
            default:
                Interlocked.Add(ref _otherConnections, delta);
                break;
        }
    }

    internal void Circuit(int delta) => Interlocked.Add(ref _circuits, delta);

    /// <summary>Answer and doubtful-mark calls answered since the start, by how long the server took (<see cref="AckHistogram"/>).</summary>
    public AckHistogram Acks { get; } = new();
}

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
public sealed class ConnectionCounter(RuntimeCounters counters) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        counters.Hub(context.Hub, +1);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            counters.Hub(context.Hub, -1);
        }
    }
}

/// <summary>Times the exam hub's answer and doubtful-mark calls on the server (<see cref="RuntimeCounters.Acks"/>).</summary>
public sealed class AckTimer(RuntimeCounters counters) : IHubFilter
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
            counters.Acks.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary>Counts open Blazor circuits.</summary>
public sealed class CircuitCounter(RuntimeCounters counters) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counters.Circuit(+1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counters.Circuit(-1);
        return Task.CompletedTask;
    }
}
