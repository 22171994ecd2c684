using System.Diagnostics;
using System.Security.Cryptography;
using System.Net.Http.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;
namespace AsnCat.LoadTest;

/// <summary>
/// One run, start to end: the real server as a child process on loopback with its own SQLite
/// file and PIN key; a seeded running session of N candidates; N terminals that connect, log in
/// all at once, answer at the given pace, then answer back to back (closed loop); the server
/// stopped and every acknowledged change checked against its database; then the same N
/// connections in the same closed loop against a bare SignalR echo hub; with observers, they
/// watch the session's public board during the paced phase (<see cref="StalenessMeter"/>); last,
/// raw SQLite batched inserts on the same disk (<see cref="SqliteYardstick"/>). Progress goes to
/// stderr, the result table to stdout. Exit 0 when nothing acknowledged was lost, doubled or
/// altered; 1 when something was; 2 when the run could not be set up.
/// </summary>
public static class LoadTestRun
{
    /// <summary>
    /// How long the memory figures wait after a burst (the logins, the observers' whole boards)
    /// before the full collection that measures what the connections hold: Kestrel's memory pool
    /// gives blocks idle for 10 s back (PinnedBlockMemoryPool's eviction), a burst's buffers included.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(12);

    /// <summary>Terminals (and observers) of another session connected before the memory baseline.</summary>
    private const int WarmUp = 50;

    public static async Task<int> RunAsync(LoadTestOptions o, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(output);
        if (!await LoadServer.FoundAsync(o.ServerDll))
        {
            return 2;
        }
        await using var server = LoadServer.InTemp(o.ServerDll, "asncat-loadtest-", o.ServerSettings());
        var progress = new Progress();
        var terminals = new List<Terminal>();
        var echoTerminals = new List<EchoTerminal>();
        var observers = new List<RawObserver>();
        var warmTerminals = new List<Terminal>();
        var warmObservers = new List<RawObserver>();
        ObserverProcess? watchers = null;
        PollerProcess? pollers = null;
        NginxCache? cache = null;
        ChildProcess? echo = null;
        try
        {
            var dbPath = server.DbPath;
            var r = new Results { Options = o };

            progress.Say($"starting the AsnCat server (temp {server.RunDir})");
            await server.StartAsync(ct);

            progress.Say($"seeding a running session with {o.Terminals:N0} candidates");
            var session = await server.SeedAsync(o.Terminals, ct);
            var sessionId = session.Id;
            var warmSession = await server.SeedAsync(WarmUp, ct, tag: "WARM");
            using var admin = await server.AdminAsync(ct);
            r.IdleWorkingSet = server.Process.WorkingSet;
            r.ColdCollected = await admin.RuntimeAsync(collect: true, ct);

            var hub = server.HubUrl;
            var content = new AsnCat.ExamClient.Terminal.HttpExamContent(new HttpClient(), server.Url);
            // the warm-up: a few terminals (and observers) of another session first, so the code
            // every connection runs is compiled and what the server allocates once is allocated;
            // memory per terminal and per observer is then what each one more costs
            progress.Say($"warm-up: {WarmUp} terminals{(o.Observers > 0 ? $" and {WarmUp} observers" : "")} of another session");
            warmTerminals.AddRange(warmSession.People.Select((p, i) => new Terminal(o.Terminals + i, p, hub, content)));
            await Connections.ForEachAsync(warmTerminals, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
            await Task.WhenAll(warmTerminals.Select(t => t.LoginAsync(ct))).WaitAsync(TimeSpan.FromMinutes(1), ct);
            if (o.Observers > 0)
            {
                warmObservers.AddRange(Enumerable.Range(0, WarmUp).Select(_ => new RawObserver(server.LiveUrl)));
                await Connections.ForEachAsync(warmObservers, Connections.Parallelism, (w, token) => w.ConnectAndWatchAsync(warmSession.Code, token), ct);
            }
            await Task.Delay(Settle, ct);
            r.IdleCollected = await admin.RuntimeAsync(collect: true, ct);
            r.WarmTerminals = warmTerminals.Count(t => t.LoggedIn);
            r.WarmObservers = warmObservers.Count(w => w.Watching);
            terminals.AddRange(session.People.Select((p, i) => new Terminal(i, p, hub, content)));
            progress.Say($"connecting {terminals.Count:N0} terminals to {hub}");
            var started = Stopwatch.GetTimestamp();
            await Connections.ForEachAsync(terminals, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
            r.ConnectTime = Stopwatch.GetElapsedTime(started);

            progress.Say($"{terminals.Count(t => t.Connected):N0} connected; all log in at once");
            var probe = PhaseProbe.Start(server.Process);
            r.LoginFrom = TimeProvider.System.GetUtcNow();
            started = Stopwatch.GetTimestamp();
            await Task.WhenAll(terminals.Select(t => t.LoginAsync(ct))).WaitAsync(TimeSpan.FromMinutes(5), ct);
            r.SyncStart = Stopwatch.GetElapsedTime(started);
            r.LoginUse = await probe.StopAsync();
            r.Login = Latency.Of(terminals.Where(t => t.LoggedIn).Select(t => t.LoginLatency));
            r.FirstSet = terminals.Where(t => t.LoggedIn).Select(t => t.LoginLatency).DefaultIfEmpty().Min();
            r.LoggedIn = terminals.Count(t => t.LoggedIn);
            r.Questions = terminals.FirstOrDefault(t => t.LoggedIn)?.QuestionCount ?? 0;
            r.LoginReplyBytes = terminals.Count > 0 ? terminals[0].LoginReplyBytes : default;
            if (r.LoggedIn == 0)
            {
                await Console.Error.WriteLineAsync("no terminal could log in: " + Merge(terminals.Select(t => t.SetupErrors)).First);
                await Console.Error.WriteLineAsync(server.Process.LogTail(30));
                return 2;
            }

            r.LoggedInWorkingSet = server.Process.WorkingSet;
            // what the terminals hold once the login burst's buffers went back: Kestrel's pool gives
            // idle blocks back after 10 s, and the full collection frees them
            await Task.Delay(Settle, ct);
            r.LoggedInCollected = await admin.RuntimeAsync(collect: true, ct);
            r.BeforeObserversWorkingSet = server.Process.WorkingSet;
            if (o.Observers > 0)
            {
                var code = session.Code;
                var live = server.LiveUrl;
                progress.Say($"connecting {o.Observers:N0} observers to {live} from their own process, each watching {code}");
                // their recording (a gigabyte or more) is handed over in memory where there is one (tmpfs)
                var handover = Directory.Exists("/dev/shm") ? "/dev/shm" : server.RunDir;
                watchers = await ObserverProcess.StartAsync(live, code, o.Observers, Path.Combine(handover, $"asncat-observers-{Environment.ProcessId}.bin"), ct);
                r.Watching = watchers.Watching;
                r.ObserversRefused = watchers.Refused;
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                r.ObservedWorkingSet = server.Process.WorkingSet;
                await Task.Delay(Settle, ct);
                r.ObservedCollected = await admin.RuntimeAsync(collect: true, ct);
            }

            if (o.Pollers > 0)
            {
                cache = await NginxCache.StartAsync(server.Url, Path.Combine(server.RunDir, "nginx"), ct);
                var board = new Uri(cache.Url, $"api/public/live/sessions/{Uri.EscapeDataString(session.Code)}");
                progress.Say($"{o.Pollers:N0} HTTP pollers from their own process, each GET {board} every {o.PollInterval.TotalSeconds:0.##} s accepting {o.PollEncoding} through nginx (micro-cache 1 s)");
                pollers = await PollerProcess.StartAsync(board, o.Pollers, o.PollInterval, o.PollEncoding, Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : server.RunDir, $"asncat-pollers-{Environment.ProcessId}.bin"), ct);
            }

            progress.Say($"{r.LoggedIn:N0} sets delivered in {r.SyncStart.TotalSeconds:0.00} s; paced phase: one change per {o.Interval.TotalSeconds:0.##} s per terminal for {o.Duration.TotalSeconds:0} s");
            r.PacedFrom = TimeProvider.System.GetUtcNow();
            var view = await admin.RuntimeAsync(collect: false, ct);
            r.LiveBefore = view.Live;
            probe = PhaseProbe.Start(server.Process);
            started = Stopwatch.GetTimestamp();
            var end = started + Ticks(o.Duration);
            await Task.WhenAll(terminals.Select(t => t.RunPacedAsync(started, end, o.Interval, ct))).WaitAsync(o.Duration + LoadTestOptions.CallTimeout + TimeSpan.FromSeconds(30), ct);
            r.PacedUse = await probe.StopAsync();
            r.PacedTo = TimeProvider.System.GetUtcNow();
            r.Paced = Latency.Of(terminals.Select(t => t.PacedLatencies));
            r.PacedRate = r.Paced.Count / o.Duration.TotalSeconds;
            r.ServerPaced = ServerAckTime.Between(view, view = await admin.RuntimeAsync(collect: false, ct));
            r.LiveAfter = view.Live;
            if (pollers is not null)
            {
                // a poll interval and the cache's second after the last answer: the last change has reached every poller
                await Task.Delay(o.PollInterval + TimeSpan.FromSeconds(2), ct);
                r.Polls = await pollers.StopAsync(ct);
                await pollers.DisposeAsync();
                pollers = null;
                await cache!.DisposeAsync();
                cache = null;
            }
            if (watchers is not null)
            {
                // the last answers' push is at most a push interval away; then the observers leave
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                observers.AddRange(await watchers.StopAsync(ct));
                await watchers.DisposeAsync();   // its connections closed before the closed loop starts
                watchers = null;
                r.ObserverDrops = observers.Count(x => x.Dropped && x.BoardBytes > 0);   // refused ones never had a board
                r.ObserverPushes = observers.Sum(x => x.PushedMessages);
                r.ObserverBytes = observers.Sum(x => x.PushedBytes);
            }

            if (o.ClosedLoop > TimeSpan.Zero)
            {
                progress.Say($"closed loop: every terminal answers back to back for {o.ClosedLoop.TotalSeconds:0} s");
                r.ClosedFrom = TimeProvider.System.GetUtcNow();
                view = await admin.RuntimeAsync(collect: false, ct);
                probe = PhaseProbe.Start(server.Process);
                started = Stopwatch.GetTimestamp();
                end = started + Ticks(o.ClosedLoop);
                await Task.WhenAll(terminals.Select(t => t.RunClosedLoopAsync(end, ct))).WaitAsync(o.ClosedLoop + LoadTestOptions.CallTimeout + TimeSpan.FromSeconds(30), ct);
                var elapsed = Stopwatch.GetElapsedTime(started);
                r.ClosedUse = await probe.StopAsync();
                r.ClosedTo = TimeProvider.System.GetUtcNow();
                r.Closed = Latency.Of(terminals.Select(t => t.ClosedLatencies));
                r.ClosedRate = r.Closed.Count / elapsed.TotalSeconds;
                r.ServerClosed = ServerAckTime.Between(view, await admin.RuntimeAsync(collect: false, ct));
            }
            r.PeakWorkingSet = server.Process.PeakWorkingSet;
            r.Disconnects = terminals.Sum(t => t.Disconnects);

            progress.Say("closing the terminals and stopping the server");
            await CloseAllAsync(terminals);
            await server.StopAsync();

            progress.Say("reconciling every acknowledged change with the database");
            r.Reconciliation = Reconciliation.Check(dbPath, sessionId, terminals);
            r.PacedCommits = Reconciliation.GroupCommits(dbPath, r.PacedFrom, r.PacedTo);
            r.LoginBatches = Reconciliation.LoginBatches(dbPath, r.LoginFrom);
            if (o.ClosedLoop > TimeSpan.Zero)
            {
                r.ClosedCommits = Reconciliation.GroupCommits(dbPath, r.ClosedFrom, r.ClosedTo);
            }
            r.SetupErrors = Merge(terminals.Select(t => t.SetupErrors));
            r.PacedErrors = Merge(terminals.Select(t => t.PacedErrors));
            r.ClosedErrors = Merge(terminals.Select(t => t.ClosedErrors));

            if (o.ClosedLoop > TimeSpan.Zero || o.EchoPaced > TimeSpan.Zero)
            {
                progress.Say("starting the bare SignalR echo hub (yardstick)");
                echo = ChildProcess.Start("echo hub", typeof(EchoServer).Assembly.Location, [EchoServer.Verb], new Dictionary<string, string>
                {
                    ["DOTNET_gcServer"] = "0", // as the AsnCat server (workstation GC, AsnCat.Server.csproj)
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                }, Path.Combine(server.RunDir, "echo.log"));
                await echo.WaitHealthyAsync(TimeSpan.FromSeconds(60), ct);
                using var echoHttp = new HttpClient { BaseAddress = echo.Url, Timeout = TimeSpan.FromSeconds(60) };
                var echoHub = new Uri(echo.Url, EchoServer.Path);
                // the same warm-up as the server's: memory per connection is what one more costs
                var warmEcho = Enumerable.Range(0, WarmUp).Select(i => new EchoTerminal(o.Terminals + i, echoHub)).ToList();
                await Connections.ForEachAsync(warmEcho, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
                await Task.WhenAll(warmEcho.Select(t => t.RunClosedLoopAsync(Stopwatch.GetTimestamp() + Ticks(TimeSpan.FromSeconds(1)), ct)));
                echoTerminals.AddRange(warmEcho);
                await Task.Delay(Settle, ct);
                r.EchoIdleMemory = await echoHttp.GetFromJsonAsync<EchoMemory>(EchoServer.MemoryPath, ct);
                var measured = Enumerable.Range(0, o.Terminals).Select(i => new EchoTerminal(i, echoHub)).ToList();
                await Connections.ForEachAsync(measured, Connections.Parallelism, (t, token) => t.ConnectAsync(token), ct);
                // the same wait as the server's memory reading: pooled buffers are trimmed, then a full collection
                await Task.Delay(Settle, ct);
                r.EchoConnectedMemory = await echoHttp.GetFromJsonAsync<EchoMemory>(EchoServer.MemoryPath, ct);
                r.EchoConnections = measured.Count(t => t.Connected);
                echoTerminals.Clear();
                echoTerminals.AddRange(measured);
                await CloseAllAsync(warmEcho);
                if (o.EchoPaced > TimeSpan.Zero)
                {
                    progress.Say($"echo paced: {echoTerminals.Count(t => t.Connected):N0} connections, one call per {o.Interval.TotalSeconds:0.##} s each for {o.EchoPaced.TotalSeconds:0} s");
                    probe = PhaseProbe.Start(echo);
                    started = Stopwatch.GetTimestamp();
                    end = started + Ticks(o.EchoPaced);
                    await Task.WhenAll(echoTerminals.Select(t => t.RunPacedAsync(started, end, o.Interval, ct))).WaitAsync(o.EchoPaced + LoadTestOptions.CallTimeout + TimeSpan.FromSeconds(30), ct);
                    r.EchoPacedUse = await probe.StopAsync();
                    r.EchoPaced = Latency.Of(echoTerminals.Select(t => t.PacedLatencies));
                }
                if (o.ClosedLoop > TimeSpan.Zero)
                {
                    progress.Say($"echo closed loop: {echoTerminals.Count(t => t.Connected):N0} connections back to back for {o.ClosedLoop.TotalSeconds:0} s");
                    probe = PhaseProbe.Start(echo);
                    started = Stopwatch.GetTimestamp();
                    end = started + Ticks(o.ClosedLoop);
                    await Task.WhenAll(echoTerminals.Select(t => t.RunClosedLoopAsync(end, ct))).WaitAsync(o.ClosedLoop + LoadTestOptions.CallTimeout + TimeSpan.FromSeconds(30), ct);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    r.EchoUse = await probe.StopAsync();
                    r.Echo = Latency.Of(echoTerminals.Select(t => t.Latencies));
                    r.EchoRate = r.Echo.Count / elapsed.TotalSeconds;
                }
                r.EchoErrors = Merge(echoTerminals.Select(t => t.Errors));
                await CloseAllAsync(echoTerminals);
                await echo.StopAsync(TimeSpan.FromSeconds(10));
            }

            if (observers.Count > 0)
            {
                progress.Say($"replaying {observers.Count:N0} observers' messages (staleness)");
                var acks = terminals.Where(t => t.LoggedIn).ToDictionary(t => t.Person.ParticipantNumber, t => t.HighWaterAt, StringComparer.Ordinal);
                var meter = new StalenessMeter(acks);
                // every server and child has stopped: the replay has the cores to itself (each message's own parse time is what counts)
                Parallel.ForEach(observers, () => new StalenessMeter(acks), (x, _, mine) =>
                {
                    mine.Add(x);
                    return mine;
                }, mine =>
                {
                    lock (meter)
                    {
                        meter.Merge(mine);
                    }
                });
                r.Staleness = meter;
            }
            if (r.Polls is { } polls)
            {
                progress.Say($"replaying {polls.Held.Count:N0} pollers' boards (staleness)");
                var meter = new StalenessMeter(terminals.Where(t => t.LoggedIn).ToDictionary(t => t.Person.ParticipantNumber, t => t.HighWaterAt, StringComparer.Ordinal));
                r.PolledBoardBytes = polls.Replay(meter, terminals.Where(t => t.LoggedIn).ToDictionary(t => t.Person.ParticipantNumber, t => t.HighWaterAt, StringComparer.Ordinal));
                r.PollerStaleness = meter;
            }

            var perCommit = o.ClosedLoop > TimeSpan.Zero ? r.ClosedCommits : r.PacedCommits;
            r.SqliteBatch = perCommit.Commits == 0 ? 1 : (int)Math.Max(1, Math.Round((double)perCommit.Events / perCommit.Commits));
            progress.Say($"storage yardstick: raw SQLite inserts, {r.SqliteBatch} rows per transaction, {LoadTestOptions.SqliteYardstickTime.TotalSeconds:0} s, same disk");
            (r.SqliteRate, r.SqliteCommitRate) = SqliteYardstick.Run(server.RunDir, r.SqliteBatch, LoadTestOptions.SqliteYardstickTime);

            progress.Say("done");
            Report.Write(output, r);
            return r.Reconciliation.Clean ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled; stopping the servers");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        finally
        {
            // bounded: a wedged close must not keep the run alive
            await CloseAllAsync(terminals).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            await CloseAllAsync(warmTerminals).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            await CloseAllAsync(warmObservers).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            await CloseAllAsync(echoTerminals).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            if (watchers is not null)
            {
                await watchers.DisposeAsync();
            }
            if (echo is not null)
            {
                await echo.DisposeAsync();
            }
            if (pollers is not null)
            {
                await pollers.DisposeAsync();
            }
            if (cache is not null)
            {
                await cache.DisposeAsync();
            }
            // the server and its temp folder go with the `await using` above
        }
    }

    private static async Task CloseAllAsync<T>(List<T> connections)
        where T : IAsyncDisposable
    {
        // disposing twice is harmless: the finally block closes whatever is still open after an error
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (c, _) => await c.DisposeAsync());
    }

    private static Errors Merge(IEnumerable<Errors> errors)
    {
        var all = new Errors();
        foreach (var e in errors)
        {
            all.Add(e);
        }
        return all;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Timestamped progress on stderr.</summary>
    private sealed class Progress
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Say(string message) => Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(_start).TotalSeconds,6:0.0} s] {message}");
    }
}
