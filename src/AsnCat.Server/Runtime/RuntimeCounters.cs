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
}

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
