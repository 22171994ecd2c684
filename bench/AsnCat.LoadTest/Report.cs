using System.Globalization;
using System.Runtime.InteropServices;

namespace AsnCat.LoadTest;

/// <summary>What one run measured.</summary>
public sealed class Results
{
    public required LoadTestOptions Options { get; init; }

    public TimeSpan ConnectTime { get; set; }

    public TimeSpan SyncStart { get; set; }

    public int LoggedIn { get; set; }

    public int Questions { get; set; }

    public (int MessagePack, int Json) LoginReplyBytes { get; set; }

    public Latency Login { get; set; } = new(0, 0, 0, 0, 0);

    public DateTimeOffset LoginFrom { get; set; }

    public TimeSpan FirstSet { get; set; }

    public List<(double At, long Logins)> LoginBatches { get; set; } = [];

    public PhaseUse? LoginUse { get; set; }

    public DateTimeOffset PacedFrom { get; set; }

    public DateTimeOffset PacedTo { get; set; }

    public Latency Paced { get; set; } = new(0, 0, 0, 0, 0);

    public double PacedRate { get; set; }

    public PhaseUse? PacedUse { get; set; }

    /// <summary>The server's own time per call in the paced phase (its runtime view), apart from the network and the generator.</summary>
    public ServerAckTime? ServerPaced { get; set; }

    public ServerAckTime? ServerClosed { get; set; }

    public DateTimeOffset ClosedFrom { get; set; }

    public DateTimeOffset ClosedTo { get; set; }

    public Latency Closed { get; set; } = new(0, 0, 0, 0, 0);

    public double ClosedRate { get; set; }

    public PhaseUse? ClosedUse { get; set; }

    public Latency Echo { get; set; } = new(0, 0, 0, 0, 0);

    public Latency EchoPaced { get; set; } = new(0, 0, 0, 0, 0);

    public PhaseUse? EchoPacedUse { get; set; }

    public double EchoRate { get; set; }

    public PhaseUse? EchoUse { get; set; }

    /// <summary>The echo hub's memory before its connections and with all of them open (the floor SignalR sets per connection).</summary>
    public EchoMemory? EchoIdleMemory { get; set; }

    public EchoMemory? EchoConnectedMemory { get; set; }

    public int EchoConnections { get; set; }

    public Errors SetupErrors { get; set; } = new();

    public Errors PacedErrors { get; set; } = new();

    public Errors ClosedErrors { get; set; } = new();

    public Errors EchoErrors { get; set; } = new();

    public int Disconnects { get; set; }

    public Reconciliation Reconciliation { get; set; } = new(0, 0, 0, 0, 0, 0, 0, null);

    public (long Events, long Commits) PacedCommits { get; set; }

    public (long Events, long Commits) ClosedCommits { get; set; }

    public long IdleWorkingSet { get; set; }

    public long PeakWorkingSet { get; set; }

    public long LoggedInWorkingSet { get; set; }

    public long ObservedWorkingSet { get; set; }

    /// <summary>Resident memory just before the observers connect (after the logged-in collection).</summary>
    public long BeforeObserversWorkingSet { get; set; }

    /// <summary>
    /// The server's own view after a full compacting collection (<c>/api/admin/runtime?collect=true</c>)
    /// at the same three points: what the connections really hold, without the garbage a burst
    /// (2,000 logins, 5,000 whole boards) left for the next collection.
    /// </summary>
    public AsnCat.Server.Runtime.RuntimeView? IdleCollected { get; set; }

    /// <summary>After seeding, before anything connected (the first-connection costs are still to come).</summary>
    public AsnCat.Server.Runtime.RuntimeView? ColdCollected { get; set; }

    public int WarmTerminals { get; set; }

    public int WarmObservers { get; set; }

    public AsnCat.Server.Runtime.RuntimeView? LoggedInCollected { get; set; }

    public AsnCat.Server.Runtime.RuntimeView? ObservedCollected { get; set; }

    public int Watching { get; set; }

    public int ObserverDrops { get; set; }

    public long ObserverPushes { get; set; }

    public long ObserverBytes { get; set; }

    public StalenessMeter? Staleness { get; set; }

    /// <summary>Observers the server refused (client side: could not watch).</summary>
    public int ObserversRefused { get; set; }

    /// <summary>The server's live counters before and after the paced phase.</summary>
    public AsnCat.Server.Runtime.LiveRuntime? LiveBefore { get; set; }

    public AsnCat.Server.Runtime.LiveRuntime? LiveAfter { get; set; }

    public PollerProcess.Recording? Polls { get; set; }

    public StalenessMeter? PollerStaleness { get; set; }

    /// <summary>The pollers' distinct boards: their bytes as received and as JSON.</summary>
    public (long Received, long Json) PolledBoardBytes { get; set; }

    public int SqliteBatch { get; set; }

    public double SqliteRate { get; set; }

    public double SqliteCommitRate { get; set; }
}

/// <summary>The result table (stdout).</summary>
public static class Report
{
    private static string P(long[] h) =>
        $"{StalenessMeter.Percentile(h, 0.50)} / {StalenessMeter.Percentile(h, 0.95)} / {StalenessMeter.Percentile(h, 0.99)} / {StalenessMeter.Percentile(h, 1.0)}";

    public static void Write(TextWriter w, Results r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        var o = r.Options;
        var c = CultureInfo.InvariantCulture;
        var closed = o.ClosedLoop > TimeSpan.Zero;
        var errors = r.SetupErrors.Total + r.PacedErrors.Total + r.ClosedErrors.Total;
        // the p99 target is about terminals at an exam's pace; the closed loop is a throughput probe
        // whose back-to-back calls may meet the hub's per-connection rate limit (counted under errors)
        var pacedMet = r.Paced.P99 <= o.P99Target.TotalMilliseconds && r.SetupErrors.Total + r.PacedErrors.Total == 0;
        var rec = r.Reconciliation;
        w.WriteLine();
        w.WriteLine(string.Create(c, $"AsnCat load test: {o.Terminals:N0} terminals, {o.Observers:N0} observers, one change per {o.Interval.TotalSeconds:0.##} s for {o.Duration.TotalSeconds:0} s, closed loop {o.ClosedLoop.TotalSeconds:0} s"));
        w.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; server and generator on the same machine, loopback"));
        w.WriteLine(new string('-', 100));
        Row(w, "terminals (connected / logged in)", string.Create(c, $"{o.Terminals:N0} ({r.LoggedIn:N0} logged in)"));
        Row(w, "connect, all WebSockets open", string.Create(c, $"{r.ConnectTime.TotalSeconds:0.00} s ({Connections.Parallelism} at a time)"));
        Row(w, "sync start, all sets delivered", string.Create(c, $"{r.SyncStart.TotalSeconds:0.00} s (login p50/p95/p99/max {r.Login.P50:0} / {r.Login.P95:0} / {r.Login.P99:0} / {r.Login.Max:0} ms; set {r.Questions} questions; login reply {r.LoginReplyBytes.MessagePack / 1024.0:0.0} KB MessagePack / {r.LoginReplyBytes.Json / 1024.0:0.0} KB JSON; protocol {(Connections.UseJson ? "JSON" : "MessagePack")})"));
        Row(w, "  login writer batches (start: logins)", Batches(r.LoginBatches) + string.Create(c, $"; first set delivered {r.FirstSet.TotalSeconds:0.00} s"));
        Row(w, "answers/s, paced", string.Create(c, $"{r.PacedRate:N1} (target {o.Terminals / o.Interval.TotalSeconds:N1}; {LoadTestOptions.DoubtfulShare:P0} are doubtful marks)"));
        Row(w, "ack p50/p95/p99/max, paced", string.Create(c, $"{r.Paced} (p99 target {o.P99Target.TotalMilliseconds:0} ms: {(pacedMet ? "MET" : "NOT MET")})"));
        if (r.ServerPaced is { } sp)
        {
            Row(w, "  of which the server's own time", sp.ToString());
        }
        if (r.Staleness is { } st)
        {
            Row(w, "observers (watching the session board)", string.Create(c, $"{o.Observers:N0} ({r.Watching:N0} watching, {r.ObserverDrops} dropped, {st.Gaps} gaps); {r.ObserverPushes:N0} pushes, mean {r.ObserverBytes / (double)Math.Max(1, r.ObserverPushes) / 1024:0.0} KiB"));
            Row(w, "hub observer staleness p50/p95/p99/max", string.Create(c, $"{P(st.Histogram)} ms (ack -> board held, {st.Histogram.Sum():N0} samples; one push per push interval, so up to that interval is the rule)"));
            Row(w, "  push delivery p50/p99", string.Create(c, $"{StalenessMeter.Percentile(st.Delivery, 0.50)} / {StalenessMeter.Percentile(st.Delivery, 0.99)} ms (board built -> arrived)"));
        }
        if (closed)
        {
            Row(w, "answers/s, max (closed loop)", string.Create(c, $"{r.ClosedRate:N0} (ack p50/p95/p99/max {r.Closed})"));
            if (r.ServerClosed is { } sc)
            {
                Row(w, "  of which the server's own time", sc.ToString());
            }
        }
        Row(w, "errors", string.Create(c, $"{errors:N0} (setup {r.SetupErrors.Total}, paced {r.PacedErrors.Total}, closed loop {r.ClosedErrors.Total}; timeouts {r.SetupErrors.Timeouts + r.PacedErrors.Timeouts + r.ClosedErrors.Timeouts}, rate-limited {r.SetupErrors.RateLimited + r.PacedErrors.RateLimited + r.ClosedErrors.RateLimited}, dropped connections {r.Disconnects})"));
        var first = r.SetupErrors.First ?? r.PacedErrors.First ?? r.ClosedErrors.First;
        if (first is not null)
        {
            Row(w, "  first error", first);
        }
        Row(w, "acknowledged changes checked", string.Create(c, $"{rec.Acknowledged:N0} (final states checked {rec.FinalChecked:N0})"));
        Row(w, "lost / doubled", string.Create(c, $"{rec.Lost} / {rec.Doubled}"));
        Row(w, "wrong value / final state differs", string.Create(c, $"{rec.WrongValue} / {rec.FinalMismatch}"));
        Row(w, "stored, reply never received", string.Create(c, $"{rec.Unacknowledged}"));
        if (rec.FirstProblem is not null)
        {
            Row(w, "  first problem", rec.FirstProblem);
        }
        if (r.EchoPaced.Count > 0)
        {
            Row(w, "echo hub ack p50/p95/p99/max, paced", string.Create(c, $"{r.EchoPaced} (same N and pace, {o.EchoPaced.TotalSeconds:0} s)"));
        }
        if (closed)
        {
            Row(w, "echo hub max req/s (same N, closed)", string.Create(c, $"{r.EchoRate:N0} (ack p50/p95/p99/max {r.Echo}; errors {r.EchoErrors.Total})"));
            Row(w, "ours / echo", string.Create(c, $"{(r.EchoRate > 0 ? r.ClosedRate / r.EchoRate : 0):P1}"));
        }
        if (r.SqliteRate > 0)
        {
            Row(w, "raw SQLite inserts/s (same disk)", string.Create(c, $"{r.SqliteRate:N0} ({r.SqliteBatch} rows per transaction as our commits, {r.SqliteCommitRate:N0} commits/s, WAL, synchronous=FULL)"));
            Row(w, "ours / raw SQLite", string.Create(c, $"{(closed ? r.ClosedRate : r.PacedRate) / r.SqliteRate:P1} ({(closed ? "closed loop" : "paced")} answers/s over inserts/s)"));
        }
        if (r is { LiveBefore: { } lb, LiveAfter: { } la })
        {
            var pushes = la.Pushes - lb.Pushes;
            Row(w, "observers admitted/refused/dropped", string.Create(c, $"server {la.Admitted:N0} / {la.Refused:N0} / {la.Dropped:N0} (Live:MaxObservers {(o.MaxObservers > 0 ? o.MaxObservers.ToString("N0", c) : "default")}); clients {r.Watching:N0} watching, {r.ObserversRefused:N0} refused, {r.ObserverDrops:N0} dropped"));
            Row(w, "pushes/s, bytes/push (server, paced)", string.Create(c, $"{pushes / o.Duration.TotalSeconds:0.00} pushes/s to the board's group, {(la.PushBytes - lb.PushBytes) / (double)Math.Max(1, pushes) / 1024:0.0} KiB per push (serialized once per protocol); {la.Rebuilds - lb.Rebuilds:N0} rebuilds; push interval {(o.PushInterval > TimeSpan.Zero ? o.PushInterval.TotalSeconds.ToString("0.###", c) + " s" : "default")}"));
            if (r.Polls is { } polls)
            {
                var origin = la.HttpBoards + la.HttpNotModified - lb.HttpBoards - lb.HttpNotModified;
                Row(w, "HTTP pollers through nginx", string.Create(c, $"{polls.Held.Count:N0} pollers, one GET per {o.PollInterval.TotalSeconds:0.##} s: {polls.Requests:N0} requests ({polls.Boards:N0} boards 200, {polls.NotModified:N0} 304, {polls.Errors:N0} errors), {polls.BodyBytes / 1048576.0:N1} MiB of boards received accepting {o.PollEncoding}"));
                Row(w, "  distinct boards, mean size", string.Create(c, $"{polls.Bodies.Count:N0}: {r.PolledBoardBytes.Received / 1024.0 / Math.Max(1, polls.Bodies.Count):N1} KiB as received, {r.PolledBoardBytes.Json / 1024.0 / Math.Max(1, polls.Bodies.Count):N1} KiB as JSON"));
                Row(w, "origin requests/s (1 board, paced)", string.Create(c, $"{origin / o.Duration.TotalSeconds:0.00} ({la.HttpBoards - lb.HttpBoards:N0} boards, {la.HttpNotModified - lb.HttpNotModified:N0} 304 in {o.Duration.TotalSeconds:0} s)"));
                if (r.PollerStaleness is { } ps)
                {
                    Row(w, "poller staleness p50/p95/p99/max", string.Create(c, $"{P(ps.Histogram)} ms ({ps.Histogram.Sum():N0} samples; target poll interval + 2 s = {(o.PollInterval.TotalSeconds + 2) * 1000:N0} ms)"));
                }
            }
        }
        Row(w, "server peak working set", string.Create(c, $"{Mb(r.PeakWorkingSet):N0} MB (idle after seeding {Mb(r.IdleWorkingSet):N0} MB; {Mb(r.PeakWorkingSet) / o.Terminals:0.000} MB per terminal, {Mb(r.PeakWorkingSet - r.IdleWorkingSet) / o.Terminals:0.000} above idle)"));
        Row(w, "server memory, terminals logged in", string.Create(c, $"{Mb(r.LoggedInWorkingSet):N0} MB ({(Mb(r.LoggedInWorkingSet - r.IdleWorkingSet) * 1024) / Math.Max(1, r.LoggedIn):N0} KiB per terminal above idle){(r.Watching > 0 ? string.Create(c, $"; with observers {Mb(r.ObservedWorkingSet):N0} MB ({(Mb(r.ObservedWorkingSet - r.BeforeObserversWorkingSet) * 1024) / r.Watching:N0} KiB per observer)") : "")}"));
        if (r is { IdleCollected: { } idle, LoggedInCollected: { } loggedIn })
        {
            var perTerminal = (loggedIn.WorkingSetBytes - idle.WorkingSetBytes) / 1024.0 / Math.Max(1, r.LoggedIn);
            var observed = r.ObservedCollected is { } seen && r.Watching > 0
                ? string.Create(c, $"; with observers {Mb(seen.WorkingSetBytes):N0} MB ({(seen.WorkingSetBytes - loggedIn.WorkingSetBytes) / 1024.0 / r.Watching:N0} KiB per observer, heap {(seen.HeapBytes - loggedIn.HeapBytes) / 1024.0 / r.Watching:N1} KiB of it, GC-committed {(seen.CommittedBytes - loggedIn.CommittedBytes) / 1024.0 / r.Watching:N1}; pooled buffers {Mb(seen.PooledBytes):N0} MB)")
                : "";
            var cold = r.ColdCollected is { } c0 ? string.Create(c, $"; {(loggedIn.WorkingSetBytes - c0.WorkingSetBytes) / 1024.0 / Math.Max(1, r.LoggedIn):N0} KiB per terminal above the cold idle {Mb(c0.WorkingSetBytes):N0} MB, first-connection costs included") : "";
            Row(w, "  12 s later, fully collected", string.Create(c, $"warm baseline {Mb(idle.WorkingSetBytes):N0} MB ({r.WarmTerminals} terminals{(r.WarmObservers > 0 ? string.Create(c, $", {r.WarmObservers} observers") : "")} of another session), terminals logged in {Mb(loggedIn.WorkingSetBytes):N0} MB ({perTerminal:N0} KiB per terminal, heap {(loggedIn.HeapBytes - idle.HeapBytes) / 1024.0 / Math.Max(1, r.LoggedIn):N1} KiB of it, GC-committed {(loggedIn.CommittedBytes - idle.CommittedBytes) / 1024.0 / Math.Max(1, r.LoggedIn):N1}{cold}){observed}"));
        }
        if (r is { EchoIdleMemory: { } echoIdle, EchoConnectedMemory: { } echoOpen })
        {
            var open = Math.Max(1, r.EchoConnections);
            Row(w, "  yardstick: bare SignalR echo hub", string.Create(c, $"{(echoOpen.WorkingSetBytes - echoIdle.WorkingSetBytes) / 1024.0 / open:N0} KiB per connection above idle, heap {(echoOpen.HeapBytes - echoIdle.HeapBytes) / 1024.0 / open:N1} KiB of it, GC-committed {(echoOpen.CommittedBytes - echoIdle.CommittedBytes) / 1024.0 / open:N1} ({open:N0} connections, 12 s later, fully collected)"));
        }
        Row(w, "answers per commit (group commit)", string.Create(c, $"paced {PerCommit(r.PacedCommits)}{(closed ? ", closed loop " + PerCommit(r.ClosedCommits) : "")}"));
        w.WriteLine(string.Create(c, $"CPU in cores of {Environment.ProcessorCount}: server  generator  softirq  other   generator GC pause, scheduling lag"));
        Use(w, "  login burst", r.LoginUse);
        Use(w, "  paced", r.PacedUse);
        Use(w, "  closed loop", r.ClosedUse);
        Use(w, "  echo hub, paced", r.EchoPacedUse);
        Use(w, "  echo hub, closed loop", r.EchoUse);
        w.WriteLine(new string('-', 100));
        w.WriteLine(rec.Clean ? "RESULT: every acknowledged change is in the database exactly once." : "RESULT: FAILED: acknowledged changes lost, doubled or altered (see above).");
    }

    private static void Use(TextWriter w, string name, PhaseUse? use)
    {
        if (use is { } u)
        {
            w.WriteLine($"{name,-30} {u}");
        }
    }

    private static void Row(TextWriter w, string name, string value) => w.WriteLine($"{name,-37} {value}");

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Batches(List<(double At, long Logins)> batches)
    {
        var shown = batches.Take(6).Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.At:0.00} s: {b.Logins}"));
        var more = batches.Count > 6 ? string.Create(CultureInfo.InvariantCulture, $", ... {batches.Count} batches, last {batches[^1].At:0.00} s: {batches[^1].Logins}") : "";
        return string.Join(", ", shown) + more;
    }

    private static string PerCommit((long Events, long Commits) c) =>
        c.Commits == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{(double)c.Events / c.Commits:0.0} ({c.Events:N0} in {c.Commits:N0} commits)");
}
