using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
using AsnCat.Server.Runtime;
namespace AsnCat.LoadTest;

/// <summary>
/// The soak run (<c>--soak</c>): a whole exam compressed. After a short warm-up exam at the same
/// scale (as many terminals and observers, 5 seconds), so that the baseline already holds what
/// any first exam loads once (compiled code, reflection and serializer caches, the bank's
/// material, EF's model) and what the shared buffer pools grow to at that scale, the server's
/// live heap is read after a full collection with no client connected
/// (<c>GET /api/admin/runtime?collect=true</c>). A heap dump of the earlier design (a 50-terminal
/// warm-up without observers) showed its whole "residue" to be those pools and first-use caches. Then N terminals log in at once and each works
/// through every question over <c>--duration</c> seconds (changes, doubtful marks, the finish;
/// <see cref="Terminal.RunExamAsync"/>) while observers watch the board. Everyone leaves; the
/// server must hold no connection and its live heap must be back at the baseline (what stays per
/// terminal is printed); every acknowledged change is then reconciled with the database.
/// </summary>
public static class SoakRun
{
    /// <summary>What may stay on the live heap per terminal once everyone has gone (anything per attempt kept for ever would exceed it).</summary>
    public const double ResidueLimitBytesPerTerminal = 1024;

    public static async Task<int> RunAsync(int terminalCount, int observerCount, TimeSpan duration, string serverDll, TextWriter output, CancellationToken outer)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!await LoadServer.FoundAsync(serverDll))
        {
            return 2;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(outer);
        limit.CancelAfter(duration + TimeSpan.FromMinutes(4));
        var ct = limit.Token;
        var clock = Stopwatch.StartNew();
        void Say(string message) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
        await using var server = LoadServer.InTemp(serverDll, "asncat-soak-");
        var terminals = new List<Terminal>();
        var observers = new List<RawObserver>();
        try
        {
            var dbPath = server.DbPath;
            Say($"starting the AsnCat server (temp {server.RunDir})");
            await server.StartAsync(ct);
            using var admin = await server.AdminAsync(ct);
            var hub = server.HubUrl;
            var content = new AsnCat.ExamClient.Terminal.HttpExamContent(new HttpClient(), server.Url);

            Say($"warm-up: {terminalCount:N0} terminals through a 5-second exam, {observerCount:N0} observers");
            var warmSession = await server.SeedAsync(terminalCount, ct, tag: "WARM");
            var warm = warmSession.People.Select((p, i) => new Terminal(100_000 + i, p, hub, content)).ToList();
            await Connections.ForEachAsync(warm, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
            await Task.WhenAll(warm.Select(t => t.LoginAsync(ct)));
            var warmObservers = Enumerable.Range(0, observerCount).Select(_ => new RawObserver(server.LiveUrl)).ToList();
            await Connections.ForEachAsync(warmObservers, Connections.Parallelism, (o, token) => o.ConnectAndWatchAsync(warmSession.Code, token), ct);
            var warmStart = Stopwatch.GetTimestamp();
            await Task.WhenAll(warm.Select(t => t.RunExamAsync(warmStart, warmStart + (5 * Stopwatch.Frequency), ct)));
            await Parallel.ForEachAsync(warm, ct, async (t, _) => await t.DisposeAsync());
            await Parallel.ForEachAsync(warmObservers, ct, async (o, _) => await o.DisposeAsync());

            var baseline = await SettledAsync(admin, ct);
            Say($"baseline with no client: live heap {Mb(Live(baseline))} (+ {Mb(baseline.PooledBytes)} free pooled buffers), resident {Mb(baseline.WorkingSetBytes)}");

            Say($"seeding a running session with {terminalCount:N0} candidates");
            var session = await server.SeedAsync(terminalCount, ct);
            var sessionId = session.Id;
            terminals.AddRange(session.People.Select((p, i) => new Terminal(i, p, hub, content)));
            await Connections.ForEachAsync(terminals, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(terminals.Select(t => t.LoginAsync(ct)));
            var syncStart = Stopwatch.GetElapsedTime(started);
            var loggedIn = terminals.Count(t => t.LoggedIn);
            if (observerCount > 0)
            {
                observers.AddRange(Enumerable.Range(0, observerCount).Select(_ => new RawObserver(server.LiveUrl)));
                await Connections.ForEachAsync(observers, Connections.Parallelism, (o, token) => o.ConnectAndWatchAsync(session.Code, token), ct);
            }
            var during = await admin.RuntimeAsync(collect: false, ct);
            Say($"{loggedIn:N0} logged in ({syncStart.TotalSeconds:0.0} s), {observers.Count(o => o.Watching)} observers; server holds {during.ExamConnections:N0} exam and {during.LiveConnections:N0} live connections; the exam runs {duration.TotalMinutes:0.#} minutes");

            started = Stopwatch.GetTimestamp();
            var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var probe = PhaseProbe.Start(server.Process);
            await Task.WhenAll(terminals.Select(t => t.RunExamAsync(started, end, ct)));
            var use = await probe.StopAsync();
            var finished = terminals.Count(t => t.Finished);
            var peak = server.Process.PeakWorkingSet;
            var latency = Latency.Of(terminals.Select(t => t.PacedLatencies));
            var changes = latency.Count;

            Say("everyone leaves");
            await Parallel.ForEachAsync(terminals, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = ct }, async (t, _) => await t.DisposeAsync());
            await Parallel.ForEachAsync(observers, new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = ct }, async (o, _) => await o.DisposeAsync());
            var after = await SettledAsync(admin, ct);
            Say($"after: {after.ExamConnections} exam, {after.LiveConnections} live connections, {after.Circuits} circuits; live heap {Mb(Live(after))} (+ {Mb(after.PooledBytes)} free pooled buffers), resident {Mb(after.WorkingSetBytes)}");

            await server.StopAsync();
            Say("reconciling every acknowledged change with the database");
            var rec = Reconciliation.Check(dbPath, sessionId, terminals);
            var errors = new Errors();
            foreach (var t in terminals)
            {
                errors.Add(t.SetupErrors);
                errors.Add(t.PacedErrors);
            }
            // free blocks of the server's buffer pools sit on the heap too, but are not live data: reused
            // by the next connections and given back to the GC while idle (reported apart)
            var residue = (Live(after) - Live(baseline)) / (double)Math.Max(1, loggedIn);
            var leaked = after.ExamConnections + after.LiveConnections + after.OtherConnections + after.Circuits + after.TerminalsRemembered + after.LiveSessionsKept;
            var ok = rec.Clean && finished == loggedIn && loggedIn == terminalCount && leaked == 0 && residue <= ResidueLimitBytesPerTerminal && errors.Total == 0;

            var c = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(c, $"AsnCat soak: {terminalCount:N0} terminals through a whole exam in {duration.TotalMinutes:0.#} minutes, {observerCount:N0} observers, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, loopback"));
            Row(output, "terminals logged in / finished", string.Create(c, $"{loggedIn:N0} / {finished:N0} (sync start {syncStart.TotalSeconds:0.0} s)"));
            Row(output, "changes acknowledged", string.Create(c, $"{changes:N0} ({changes / duration.TotalSeconds:N0}/s; ack p50/p95/p99/max {latency})"));
            Row(output, "errors", string.Create(c, $"{errors.Total:N0}{(errors.First is null ? "" : " (first: " + errors.First + ")")}"));
            Row(output, "lost / doubled / wrong / final differs", string.Create(c, $"{rec.Lost} / {rec.Doubled} / {rec.WrongValue} / {rec.FinalMismatch} (of {rec.Acknowledged:N0} acknowledged)"));
            Row(output, "live heap: baseline -> after", string.Create(c, $"{Mb(Live(baseline))} -> {Mb(Live(after))} ({residue:N0} bytes per terminal stay; limit {ResidueLimitBytesPerTerminal:N0}); free pooled buffers apart: {Mb(baseline.PooledBytes)} -> {Mb(after.PooledBytes)}"));
            Row(output, "  by part (gen0/gen1/gen2/large/pinned)", $"{Parts(baseline)} -> {Parts(after)}");
            Row(output, "resident: baseline / peak / after", string.Create(c, $"{Mb(baseline.WorkingSetBytes)} / {Mb(peak)} / {Mb(after.WorkingSetBytes)} (the GC keeps freed pages for reuse)"));
            Row(output, "held open after everyone left", string.Create(c, $"{after.ExamConnections} exam, {after.LiveConnections} live, {after.OtherConnections} other connections, {after.Circuits} circuits, {after.TerminalsRemembered} terminal presences, {after.LiveSessionsKept} live sheets kept"));
            Row(output, "CPU (cores of " + Environment.ProcessorCount + ") during the exam", use.ToString());
            output.WriteLine(ok ? "RESULT: nothing lost or doubled, everyone finished, nothing held after they left." : "RESULT: FAILED (see above).");
            Say("done");
            return ok ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(outer.IsCancellationRequested ? "cancelled; stopping the server" : "the soak exceeded its time limit; stopped");
            return outer.IsCancellationRequested ? 130 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync(e.Message + (server.LogTail(30) is { Length: > 0 } tail ? "\n" + tail : ""));
            return 2;
        }
        finally
        {
            await Parallel.ForEachAsync(observers.Cast<IAsyncDisposable>().Concat(terminals), new ParallelOptions { MaxDegreeOfParallelism = 256 },
                    async (x, _) => await x.DisposeAsync())
                .WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            // the server and its temp folder go with the `await using` above
        }
    }

    /// <summary>Once the server holds no connection (at most 30 s), the live heap after a full collection.</summary>
    private static async Task<RuntimeView> SettledAsync(AdminClient admin, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        var view = await admin.RuntimeAsync(collect: false, ct);
        while (view.ExamConnections + view.LiveConnections > 0 && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(250, ct);
            view = await admin.RuntimeAsync(collect: false, ct);
        }
        // timers that end with the connections (keep-alives, the live loop's last pass) settle in a
        // few seconds (Kestrel's free pooled blocks are reported apart)
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        return await admin.RuntimeAsync(collect: true, ct);
    }

    private static void Row(TextWriter w, string name, string value) => w.WriteLine($"  {name,-40} {value}");

    private static long Live(RuntimeView view) => view.HeapBytes - view.PooledBytes;

    private static string Parts(RuntimeView view) => string.Join(" / ", view.Generations.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:0.0}")));

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N1} MiB");
}
