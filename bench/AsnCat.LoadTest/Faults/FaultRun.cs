using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AsnCat.LoadTest.Faults;

/// <summary>
/// <c>faults</c>: each fault played against the real server on loopback, bounded in time and
/// stopping by itself, then judged by reconciling every acknowledged change against the database
/// (lost = 0, doubled = 0), by the deadlines, and by what the terminals were told. One table row
/// per fault on stdout, progress on stderr. Exit 0: every fault ran and passed; 1: one failed;
/// 2: the run could not be set up; 3: none failed but some could not run here (no mount rights).
/// </summary>
public static class FaultRun
{
    private const string Usage = "faults [--only sigkill|network-cut|duplicate|clock-jump|read-only|disk-full[,...]] [--terminals N (150)] [--server AsnCat.Server.dll]";

    private static readonly string[] All = ["sigkill", "network-cut", "duplicate", "clock-jump", "read-only", "disk-full"];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var only = All.ToHashSet();
        var terminals = 150;
        string? server = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only" when i + 1 < args.Length:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                    break;
                case "--terminals" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 10:
                    terminals = n;
                    i++;
                    break;
                case "--server" when i + 1 < args.Length:
                    server = Path.GetFullPath(args[++i]);
                    break;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        if (only.Except(All).FirstOrDefault() is { } unknown)
        {
            await Console.Error.WriteLineAsync($"unknown fault '{unknown}'. {Usage}");
            return 2;
        }
        server ??= LoadTestOptions.DefaultServerDll();
        if (!await LoadServer.FoundAsync(server))
        {
            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // stop the faults, then unmount and clean up in the finally below
            e.Cancel = true;
            cts.Cancel();
        };
        var ct = cts.Token;
        var temp = Directory.CreateTempSubdirectory("asncat-faults-");
        var rows = new List<FaultRow>();
        var mounts = new Mounts();
        try
        {
            var (canMount, why) = await Mounts.ProbeAsync(Path.Combine(temp.FullName, "probe"));
            var (canStep, stepWhy) = MachineClock.Probe();
            var run = new Run(server, temp.FullName, terminals, mounts, ct);
            foreach (var fault in All.Where(only.Contains))
            {
                if (fault is "network-cut" && only.Contains("duplicate"))
                {
                    rows.AddRange(await Try("network-cut + duplicate", () => run.NetworkAsync(withCut: true, withDuplicates: true)));
                    continue;
                }
                rows.AddRange(fault switch
                {
                    "sigkill" => await Try(fault, async () => [await run.SigkillAsync()]),
                    "network-cut" => await Try(fault, () => run.NetworkAsync(withCut: true, withDuplicates: false)),
                    "duplicate" when only.Contains("network-cut") => [],
                    "duplicate" => await Try(fault, () => run.NetworkAsync(withCut: false, withDuplicates: true)),
                    "clock-jump" when !canStep => [FaultRow.NotRun(fault, "skipped",
                        $"skipped: stepping the machine's clock needs CAP_SYS_TIME ({stepWhy}); in-process with a fake clock: tests/AsnCat.Server.Tests/Exam/ClockJumpTests.cs (default suite)")],
                    "clock-jump" => await Try(fault, async () => [await run.ClockJumpAsync()]),
                    "read-only" when !canMount => [FaultRow.NotRun(fault, "skipped", $"skipped: needs CAP_SYS_ADMIN (mount): {why}")],
                    "read-only" => await Try(fault, async () => [await run.ReadOnlyAsync()]),
                    "disk-full" when !canMount => [FaultRow.NotRun(fault, "skipped", $"skipped: needs CAP_SYS_ADMIN (mount): {why}")],
                    "disk-full" => await Try(fault, async () => [await run.DiskFullAsync()]),
                    _ => [],
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
        }
        finally
        {
            mounts.Dispose();
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"temp {temp.FullName} left behind: {e.Message}");
            }
        }
        Console.Out.WriteLine();
        FaultRow.Print(Console.Out, rows);
        if (rows.Any(r => r.Failed) || ct.IsCancellationRequested)
        {
            return 1;
        }
        return rows.All(r => r.Passed) ? 0 : 3;

        async Task<IEnumerable<FaultRow>> Try(string name, Func<Task<IEnumerable<FaultRow>>> fault)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await fault();
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                return [new FaultRow(name, "—", Stopwatch.GetElapsedTime(started), 0, 0, 0, "—", "—", FaultRow.Fail, [$"{e.GetType().Name}: {e.Message}"])];
            }
        }
    }

    private sealed class Run(string serverDll, string temp, int count, Mounts mounts, CancellationToken ct)
    {
        private static readonly TimeSpan Drain = TimeSpan.FromSeconds(20);

        /// <summary>SIGKILL mid-session, restart on the same files; terminals reconnect, re-attach and resend.</summary>
        public async Task<FaultRow> SigkillAsync()
        {
            const string name = "sigkill";
            Say(name, $"{count} terminals, one change per {Scene.Interval.TotalSeconds:0} s each; SIGKILL after 5 s, restart at once");
            var started = Stopwatch.GetTimestamp();
            await using var scene = await Scene.StartAsync(name, serverDll, Dir(name), temp, count, _ => false, ct);
            var load = scene.RunAsync(TimeSpan.FromSeconds(14), ct);
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var killedAt = Stopwatch.GetTimestamp();
            await scene.Server.KillAsync();
            Say(name, $"killed with {scene.Acks:N0} acknowledged; restarting");
            await scene.Server.StartAsync(ct);
            var outage = FaultServer.Since(killedAt);
            Say(name, $"back after {outage:0.0} s");
            await load;
            await scene.DrainAsync(Drain, ct);
            await scene.Server.StopAsync();
            var duration = Stopwatch.GetElapsedTime(started);

            var problems = new List<string>();
            var (deadlines, credited) = CheckCredited(scene, outage, problems);
            var failed = scene.Terminals.Sum(t => t.FailedCalls);
            var resent = scene.Terminals.Sum(t => t.Resent);
            var reattached = scene.Terminals.Count(t => t.Reattaches > 0);
            if (reattached < scene.Terminals.Count)
            {
                problems.Add($"only {reattached} of {scene.Terminals.Count} terminals re-attached");
            }
            scene.CommonChecks(scene.Terminals, problems);
            return FaultRow.Judge(name, $"{count}", duration, scene.Reconcile(scene.Terminals), deadlines,
                $"{failed:N0} calls failed while down; {resent:N0} resent with their seq; {reattached} re-attached", problems);
        }

        /// <summary>A fifth of the terminals cut off for 30 s and/or a fifth sending every call twice; the rest go on.</summary>
        public async Task<IEnumerable<FaultRow>> NetworkAsync(bool withCut, bool withDuplicates)
        {
            const string name = "network";
            var fifth = count / 5;
            bool IsCut(int i) => withCut && i < fifth;
            bool IsTwice(int i) => withDuplicates && i >= fifth && i < 2 * fifth;
            Say(name, $"{count} terminals: {(withCut ? fifth : 0)} cut off for 30 s after 3 s, {(withDuplicates ? fifth : 0)} sending everything twice, the rest normal; 35 s");
            var started = Stopwatch.GetTimestamp();
            await using var scene = await Scene.StartAsync(name, serverDll, Dir(name), temp, count, IsTwice, ct);
            var cut = scene.Terminals.Where((_, i) => IsCut(i)).ToList();
            var twice = scene.Terminals.Where((_, i) => IsTwice(i)).ToList();
            var others = scene.Terminals.Except(cut).ToList();
            var load = scene.RunAsync(TimeSpan.FromSeconds(35), ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            foreach (var t in cut)
            {
                t.Cut(TimeSpan.FromSeconds(30));
            }
            var othersBefore = others.Sum(t => (long)t.Acks.Count);
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            var othersDuringCut = others.Sum(t => (long)t.Acks.Count) - othersBefore;
            Say(name, $"cut over; the others had {othersDuringCut:N0} changes acknowledged meanwhile");
            await load;
            await scene.DrainAsync(Drain, ct);
            await scene.Server.StopAsync();
            var duration = Stopwatch.GetElapsedTime(started);

            var deadlines = scene.Server.Deadlines(scene.SessionId);
            var moved = scene.Terminals.Count(t => deadlines.GetValueOrDefault(t.Person.AttemptId) != t.LoginDeadline?.UtcTicks);
            var rows = new List<FaultRow>();
            if (withCut)
            {
                var problems = new List<string>();
                var toldOther = cut.Count(t => t.ReattachDeadline != t.LoginDeadline);
                if (moved > 0 || toldOther > 0)
                {
                    problems.Add($"{moved} stored deadlines moved, {toldOther} cut terminals shown another deadline on re-attach");
                }
                if (cut.Any(t => t.Reattaches == 0) || cut.Sum(t => t.CarriedOver) == 0)
                {
                    problems.Add("cut terminals did not re-attach and resend their queue");
                }
                var othersFailed = others.Sum(t => t.FailedCalls + t.StorageRefusals);
                if (othersFailed > 0 || othersDuringCut == 0)
                {
                    problems.Add($"the others were disturbed: {othersFailed} failed calls, {othersDuringCut} acks during the cut");
                }
                scene.CommonChecks(scene.Terminals, problems);
                rows.Add(FaultRow.Judge("network-cut 30 s", $"{cut.Count} cut of {count}", duration, scene.Reconcile(cut),
                    $"{(problems.Count == 0 ? "yes" : "NO")}: stored deadlines of all {count} = login's; cut ones shown the same on re-attach",
                    $"{cut.Sum(t => t.CarriedOver):N0} queued changes sent after re-attach with their seq; others: {othersFailed} errors, {othersDuringCut:N0} acks during the cut, ack p99 {Scene.P99(others):0} ms",
                    problems));
            }
            if (withDuplicates)
            {
                var problems = new List<string>();
                var applied = twice.Sum(t => t.DuplicatesApplied);
                if (applied > 0)
                {
                    problems.Add($"{applied} calls were applied twice (both copies answered Applied)");
                }
                if (moved > 0)
                {
                    problems.Add($"{moved} stored deadlines moved");
                }
                scene.CommonChecks(twice, problems);
                if (!withCut)
                {
                    scene.CommonChecks(scene.Terminals.Except(twice), problems);
                }
                rows.Add(FaultRow.Judge("duplicate sends", $"{twice.Count} of {count}", duration, scene.Reconcile(twice),
                    $"{(moved == 0 ? "yes" : "NO")}: stored deadlines = login's",
                    $"{twice.Sum(t => t.Acks.Count):N0} calls sent twice at once; {applied} both-applied replies", problems));
            }
            return rows;
        }

        /// <summary>
        /// The machine's wall clock steps forward under the running server by more than anyone has
        /// left, then back: no one may end early, no one may gain time, the remaining time shown
        /// must not move, and both steps must be audited.
        /// </summary>
        public async Task<FaultRow> ClockJumpAsync()
        {
            const string name = "clock-jump";
            var step = TimeSpan.FromMinutes(10);
            var left = TimeSpan.FromMinutes(4);
            Say(name, $"{count} terminals with {left.TotalMinutes:0} minutes left; after 4 s this machine's clock steps {step.TotalMinutes:0} minutes forward (past every deadline), 8 s later back");
            var started = Stopwatch.GetTimestamp();
            // the session started so long ago that each has `left` of the blueprint's 100 minutes (checked below from the login's clock)
            await using var scene = await Scene.StartAsync(name, serverDll, Dir(name), temp, count, _ => false, ct,
                startedAgo: TimeSpan.FromMinutes(100) - left);
            var load = scene.RunAsync(TimeSpan.FromSeconds(20), ct);
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
            Dictionary<int, long> ahead;
            List<double?> driftAhead;
            long acksAhead;
            await using (var clock = await MachineClock.StepAsync(step))
            {
                var acksBefore = scene.Acks;
                Say(name, $"clock stepped to {TimeProvider.System.GetUtcNow():HH:mm:ss}");
                await Task.Delay(TimeSpan.FromSeconds(4), ct);
                ahead = scene.Server.Deadlines(scene.SessionId);
                driftAhead = await scene.RemainingDriftsAsync(ct);
                await Task.Delay(TimeSpan.FromSeconds(4), ct);
                acksAhead = scene.Acks - acksBefore;
                await clock.BackAsync();
            }
            Say(name, $"clock stepped back to {TimeProvider.System.GetUtcNow():HH:mm:ss}; {acksAhead:N0} changes acknowledged while it was ahead");
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
            var driftAfter = await scene.RemainingDriftsAsync(ct);
            await load;
            await scene.DrainAsync(Drain, ct);
            var ended = scene.Server.Scalar<long>("SELECT COUNT(*) FROM Attempts WHERE ExamSessionId = $s AND State <> 'Running'", ("$s", scene.SessionId));
            await scene.Server.StopAsync();
            var duration = Stopwatch.GetElapsedTime(started);

            var problems = new List<string>();
            var leftAtLogin = scene.Terminals.Select(t => t.LoginRemaining?.Remaining ?? TimeSpan.MaxValue).Max();
            if (leftAtLogin >= step)
            {
                problems.Add($"the step does not pass every deadline: up to {leftAtLogin.TotalMinutes:0.0} minutes left at login");
            }
            var jumps = scene.Server.Audits("server.clock_jump").Select(d =>
            {
                using var json = JsonDocument.Parse(d);
                return (Step: json.RootElement.GetProperty("stepSeconds").GetDouble(), Attempts: json.RootElement.GetProperty("attempts").GetInt32());
            }).ToList();
            var seconds = step.TotalSeconds;
            if (jumps.Count != 2 || Math.Abs(jumps[0].Step - seconds) > 1 || Math.Abs(jumps[1].Step + seconds) > 1 || jumps.Any(j => j.Attempts != count))
            {
                problems.Add($"audited clock jumps: {string.Join(", ", jumps.Select(j => $"{j.Step:+0.0;-0.0} s for {j.Attempts}"))}; expected +{seconds:0} and -{seconds:0} s, {count} attempts each");
            }
            var final = scene.Server.Deadlines(scene.SessionId);
            double Off(Dictionary<int, long> stored, FaultTerminal t, TimeSpan by) => t.LoginDeadline is { } login && stored.TryGetValue(t.Person.AttemptId, out var d)
                ? Math.Abs(TimeSpan.FromTicks(d - (login + by).UtcTicks).TotalSeconds) : double.PositiveInfinity;
            var offAhead = scene.Terminals.Max(t => Off(ahead, t, step));
            var offAfter = scene.Terminals.Max(t => Off(final, t, TimeSpan.Zero));
            if (offAhead > 0.5 || offAfter > 0.5)
            {
                problems.Add($"stored deadlines: up to {offAhead:0.000} s from login's + step while ahead, up to {offAfter:0.000} s from login's after");
            }
            var drifts = driftAhead.Concat(driftAfter).ToList();
            var maxDrift = drifts.Max(d => d is { } v ? Math.Abs(v) : double.PositiveInfinity);
            if (maxDrift > 1)
            {
                var why = scene.Terminals.Select(t => t.ClockProblem).FirstOrDefault(p => p is not null);
                problems.Add($"remaining time shown moved: up to {maxDrift:0.00} s ({drifts.Count(d => d is null)} times a terminal could not ask{(why is null ? "" : ": " + why)})");
            }
            if (ended > 0)
            {
                problems.Add($"{ended} attempts ended (the step passed their deadlines)");
            }
            if (acksAhead == 0)
            {
                problems.Add("nothing was acknowledged while the clock was ahead");
            }
            scene.CommonChecks(scene.Terminals, problems);
            var timeouts = scene.Terminals.Sum(t => t.ClientTimeouts);
            var failedCalls = scene.Terminals.Sum(t => t.FailedCalls);
            var refused = scene.StorageRefusals + scene.Terminals.Sum(t => t.OtherRefusals);
            var reattached = scene.Terminals.Sum(t => t.Reattaches);
            var resent = scene.Terminals.Sum(t => t.Resent);
            var ok = problems.Count == 0;
            return FaultRow.Judge(name, $"{count}", duration, scene.Reconcile(scene.Terminals),
                $"{(ok ? "yes" : "NO")}: steps audited {string.Join(" / ", jumps.Select(j => $"{j.Step:+0.0;-0.0} s"))} ({count} attempts each); stored deadlines = login's + {step.TotalMinutes:0} min while ahead, = login's after (max off {Math.Max(offAhead, offAfter) * 1000:0} ms); remaining shown kept (max drift {maxDrift:0.00} s, asked twice by all {count}); {ended} ended early",
                $"machine clock stepped +{step.TotalMinutes:0} min (every candidate had <= {leftAtLogin.TotalMinutes:0.0} min left) and back; {acksAhead:N0} acks while ahead; {refused} refused; {timeouts} connections closed by the SignalR .NET client's own wall-clock timeout, {failedCalls} calls failed with them, {reattached} re-attaches, {resent} changes resent with their seq", problems);
        }

        /// <summary>The database's file system turns read-only under the running server (a real ext4 error).</summary>
        public async Task<FaultRow> ReadOnlyAsync()
        {
            const string name = "read-only";
            var image = Path.Combine(temp, "readonly.img");
            var dir = Dir(name);
            await mounts.Ext4Async(image, dir, 256);
            var device = await Mounts.DeviceOfAsync(dir);
            Say(name, $"database on ext4 without journal ({device}, errors=remount-ro); {count} terminals; after 3 s the kernel is told of a file system error, 10 s of refusals");
            var started = Stopwatch.GetTimestamp();
            await using var scene = await Scene.StartAsync(name, serverDll, dir, temp, count, _ => false, ct);
            var load = scene.RunAsync(TimeSpan.FromSeconds(20), ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var acksBefore = scene.Acks;
            await File.WriteAllTextAsync($"/sys/fs/ext4/{device}/trigger_fs_error", "asncat fault run: read-only", ct);
            var faultAt = Stopwatch.GetTimestamp();
            var (_, options) = await Mounts.CheckAsync("findmnt", "-no", "OPTIONS", dir);
            Say(name, $"mount options now: {options.Trim()}");
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            var acksInWindow = scene.Acks - acksBefore;
            var refusals = scene.StorageRefusals;
            var (critical, line) = scene.Server.CriticalLines();
            Say(name, $"server log: {line ?? "(no Critical line)"}");
            Say(name, $"{refusals:N0} refusals, {acksInWindow:N0} acks in the window; repairing: SIGKILL, umount, e2fsck, mount, restart");
            await scene.Server.KillAsync();
            await mounts.UnmountAsync(dir);
            var (fsck, fsckOutput) = await Mounts.RunAsync("e2fsck", "-fy", image);
            if (fsck >= 4)
            {
                throw new InvalidOperationException($"e2fsck failed ({fsck}): {fsckOutput}");
            }
            await mounts.MountImageAsync(image, dir);
            await scene.Server.StartAsync(ct);
            var outage = FaultServer.Since(faultAt);
            await load;
            await scene.DrainAsync(Drain, ct);
            await scene.Server.StopAsync();
            var duration = Stopwatch.GetElapsedTime(started);

            var problems = new List<string>();
            if (!options.Split(',').Contains("ro") && !options.Contains("emergency_ro", StringComparison.Ordinal))
            {
                problems.Add($"the file system did not turn read-only ({options.Trim()})");
            }
            StorageChecks(refusals, critical, problems);
            var (deadlines, _) = CheckCredited(scene, outage, problems, lenient: true);
            scene.CommonChecks(scene.Terminals, problems);
            var row = FaultRow.Judge(name, $"{count}", duration, scene.Reconcile(scene.Terminals), deadlines,
                $"{refusals:N0} refused ('BELUM tersimpan'), {critical} Critical log lines, {acksInWindow:N0} acks in the window (each checked against the database)", problems);
            await mounts.UnmountAsync(dir);
            return row;
        }

        /// <summary>The database's file system fills up (a ballast file), then space returns (the ballast is deleted) with no restart.</summary>
        public async Task<FaultRow> DiskFullAsync()
        {
            const string name = "disk-full";
            var dir = Dir(name);
            await mounts.TmpfsAsync(dir, 256);
            Say(name, $"database on a 256 MB tmpfs; {count} terminals; after 3 s a ballast file fills it for 10 s, then is deleted");
            var started = Stopwatch.GetTimestamp();
            await using var scene = await Scene.StartAsync(name, serverDll, dir, temp, count, _ => false, ct);
            var load = scene.RunAsync(TimeSpan.FromSeconds(19), ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var ballast = Path.Combine(dir, "ballast.bin");
            using (var connection = scene.Server.Open())
            using (var checkpoint = connection.CreateCommand())
            {
                // an empty WAL must grow to take the next commit: that is where the full disk bites
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                checkpoint.ExecuteNonQuery();
            }
            var acksBefore = scene.Acks;
            var filled = Fill(ballast);
            var free = new DriveInfo(dir).AvailableFreeSpace;
            Say(name, $"ballast {filled / 1048576.0:0} MB; {free:N0} bytes free");
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            var acksInWindow = scene.Acks - acksBefore;
            var refusals = scene.StorageRefusals;
            var (critical, line) = scene.Server.CriticalLines();
            Say(name, $"server log: {line ?? "(no Critical line)"}");
            File.Delete(ballast);
            var acksAtRecovery = scene.Acks;
            Say(name, $"{refusals:N0} refusals, {acksInWindow:N0} acks while full; ballast deleted, same server goes on");
            await load;
            await scene.DrainAsync(Drain, ct);
            var acksAfter = scene.Acks - acksAtRecovery;
            await scene.Server.StopAsync();
            var duration = Stopwatch.GetElapsedTime(started);

            var problems = new List<string>();
            StorageChecks(refusals, critical, problems);
            if (acksAfter == 0)
            {
                problems.Add("nothing was acknowledged after space returned");
            }
            // time in which nothing could be stored is credited without a restart (each stretch over
            // 5 s once, audited): every deadline must have moved by exactly what was audited, and
            // that can be no more than the time the disk was full
            var credits = scene.Server.Audits("server.storage_outage_credited")
                .Select(d => JsonDocument.Parse(d).RootElement.GetProperty("outageSeconds").GetDouble()).ToList();
            var credited = credits.Sum();
            var deadlines = scene.Server.Deadlines(scene.SessionId);
            var wrong = scene.Terminals.Count(t => t.LoginDeadline is not { } login
                || Math.Abs(TimeSpan.FromTicks(deadlines.GetValueOrDefault(t.Person.AttemptId) - login.UtcTicks).TotalSeconds - credited) > 0.06 * Math.Max(1, credits.Count));
            if (wrong > 0 || credited > 10 + 3)
            {
                problems.Add($"deadlines: {wrong} not moved by the credited {credited:0.0} s (disk full for 10 s)");
            }
            scene.CommonChecks(scene.Terminals, problems);
            var row = FaultRow.Judge(name, $"{count}", duration, scene.Reconcile(scene.Terminals),
                $"{(wrong == 0 && credited <= 13 ? "yes" : "NO")}: all {count} moved by the audited storage outage {credited:0.0} s ({credits.Count} credit(s); disk full 10 s), no restart",
                $"{refusals:N0} refused (SQLITE_FULL), {critical} Critical log lines, {acksInWindow:N0} acks while full; {acksAfter:N0} acks after space returned, no restart", problems);
            await mounts.UnmountAsync(dir);
            return row;
        }

        /// <summary>
        /// After a restart every running deadline must have moved by exactly the downtime the server
        /// audited, which must match the outage as measured here (the last heartbeat is at most 2 s
        /// before it began), and each terminal must have been shown the moved deadline on re-attach.
        /// </summary>
        private static (string Note, double Credited) CheckCredited(Scene scene, double outage, List<string> problems, bool lenient = false)
        {
            var audits = scene.Server.Audits("server.downtime_credited");
            if (audits.Count != 1)
            {
                problems.Add($"{audits.Count} downtime credits audited, expected 1");
                return ("NO: no downtime credit", 0);
            }
            using var details = JsonDocument.Parse(audits[0]);
            var credited = details.RootElement.GetProperty("downtimeSeconds").GetDouble();
            var deadlines = scene.Server.Deadlines(scene.SessionId);
            var wrong = scene.Terminals.Count(t => t.LoginDeadline is not { } login
                || Math.Abs(TimeSpan.FromTicks(deadlines.GetValueOrDefault(t.Person.AttemptId) - login.UtcTicks).TotalSeconds - credited) > 0.06);
            var told = scene.Terminals.Count(t => t.ReattachDeadline?.UtcTicks == deadlines.GetValueOrDefault(t.Person.AttemptId));
            // the outage as seen from here starts at the kill (or at the file system error, when the
            // heartbeats begin to fail) and ends when the restarted server answers /health
            var plausible = credited >= outage - 1 && credited <= outage + (lenient ? 5 : 3);
            if (wrong > 0 || told < scene.Terminals.Count || !plausible)
            {
                problems.Add($"deadlines: {wrong} not moved by the credited {credited:0.0} s, {told} of {scene.Terminals.Count} shown it on re-attach, outage measured {outage:0.0} s");
            }
            return ($"{(wrong == 0 && plausible ? "yes" : "NO")}: all {scene.Terminals.Count} moved by the audited downtime {credited:0.0} s (outage measured {outage:0.0} s); {told} shown it on re-attach", credited);
        }

        private static void StorageChecks(int refusals, int critical, List<string> problems)
        {
            if (refusals == 0)
            {
                problems.Add("no terminal was told its change was not stored");
            }
            if (critical == 0)
            {
                problems.Add("no Critical line in the server log");
            }
        }

        /// <summary>Writes zeros until the file system is full; returns the bytes written.</summary>
        private static long Fill(string path)
        {
            var chunk = new byte[1 << 20];
            long written = 0;
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            foreach (var size in new[] { 1 << 20, 4096, 512 })
            {
                try
                {
                    while (true)
                    {
                        file.Write(chunk, 0, size);
                        written += size;
                    }
                }
                catch (IOException)
                {
                    // this size no longer fits; try a smaller one
                }
            }
            return written;
        }

        private string Dir(string name)
        {
            var dir = Path.Combine(temp, name);
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static void Say(string fault, string text) =>
            Console.Error.WriteLine($"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {fault}: {text}");
    }
}
