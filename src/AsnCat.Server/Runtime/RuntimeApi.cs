using System.Diagnostics;
using AsnCat.Contracts.Live;
using AsnCat.Server.Console;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;
namespace AsnCat.Server.Runtime;

/// <summary>What the process holds: open connections per hub, circuits, managed heap and resident memory.</summary>
/// <param name="HeapBytes">Managed heap in use (after a full collection when <c>collect=true</c>).</param>
/// <param name="WorkingSetBytes">The process's resident memory.</param>
/// <param name="Generations">Bytes per heap part after the last collection: gen0, gen1, gen2, large objects, pinned objects (buffer pools live there).</param>
/// <param name="PooledBytes">Free blocks in the servers' buffer pools (part of the pinned heap, reused, given back while idle).</param>
/// <param name="TerminalsRemembered">Attempts whose terminal presence the proctor boards remember (a finished one is forgotten with its last connection).</param>
/// <param name="LiveSessionsKept">Sessions whose answer sheets the live boards keep (only while someone watches them).</param>
/// <param name="AckCounts">Answers and doubtful marks answered since the start, per bucket of the server's own time (<see cref="AckHistogram.UpperMs"/>).</param>
/// <param name="Live">The live area's observers and public answers since the start.</param>
/// <param name="CommittedBytes">Memory the garbage collector holds from the system (the heap in use plus what it keeps free for the next allocations).</param>
public sealed record RuntimeView(
    long ExamConnections, long LiveConnections, long OtherConnections, long Circuits, long HeapBytes, long WorkingSetBytes, bool Collected,
    IReadOnlyList<long> Generations, long PooledBytes, int TerminalsRemembered, int LiveSessionsKept, IReadOnlyList<long> AckCounts,
    LiveRuntime Live, long CommittedBytes);

/// <summary>
/// The live area since the start (<see cref="LiveCounters"/>): hub observers open now, admitted,
/// refused (over <c>Live:MaxObservers</c>) and dropped (could not keep up); patches pushed to
/// boards' groups and their bytes (once per protocol in use); the public HTTP state's whole
/// boards (200) and not-modified answers (304), which a cache in front of the server cuts to
/// about one per board per second.
/// </summary>
public sealed record LiveRuntime(
    long Observers, long Admitted, long Refused, long Dropped, long Pushes, long PushBytes, long HttpBoards, long HttpNotModified, long Rebuilds)
{
    public static LiveRuntime From(LiveCounters counters, LiveScores live)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(live);
        return new(counters.Observers, counters.Admitted, counters.Refused, counters.Dropped, counters.Pushes, counters.PushBytes,
            counters.HttpBoards, counters.HttpNotModified, live.Rebuilds);
    }
}

/// <summary>
/// <c>GET /api/admin/runtime</c> (admin only): the operator's view of what this server holds
/// right now; <c>?collect=true</c> runs a full garbage collection first, so the heap figure is
/// what is really alive (a soak run compares it before and after the exam).
/// </summary>
public static class RuntimeApi
{
    public const string Path = "/api/admin/runtime";

    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet(Path, Read).RequireAuthorization(StaffPolicies.Admin).WithTags("Server").WithName("admin-runtime").WithSummary("Angka hidup server (koneksi, antrean, memori)").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    public static Ok<RuntimeView> Read(RuntimeCounters counters, AckHistogram acks, SeatMonitor seats, LiveScores live, LiveCounters liveCounters, bool? collect)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(acks);
        ArgumentNullException.ThrowIfNull(seats);
        ArgumentNullException.ThrowIfNull(live);
        if (collect == true)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return TypedResults.Ok(new RuntimeView(counters.ExamConnections, counters.LiveConnections, counters.OtherConnections, counters.Circuits,
            GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, collect == true,
            [.. gc.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes)], counters.PooledBytes,
            seats.PresenceCount, live.SessionsKept, acks.Counts(), LiveRuntime.From(liveCounters, live), gc.TotalCommittedBytes));
    }
}
