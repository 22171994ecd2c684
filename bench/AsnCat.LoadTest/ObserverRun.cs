using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Live;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.LoadTest;

/// <summary>
/// The observers run (<c>--observers N</c>): the real server on loopback, a running session of
/// T candidates, N observers on the public live hub watching it, and T terminals answering.
/// <para>
/// Staleness (<see cref="StalenessMeter"/>): a terminal answers positions 0, 1, 2, ... in order
/// and never clears one, so its k-th acknowledged answer is the moment its stored answered count
/// became k. Observers are bare WebSocket clients (<see cref="RawObserver"/>) that record what
/// arrives and when, and parse and apply it after the run, each message timed and its time added
/// to the arrival (a real observer parses one push on its own device; a thousand parsed here
/// during the run would measure the generator on the server's cores).
/// </para>
/// <para>
/// The server's rebuild time: the server logs every rebuild of the session board at Debug
/// (this run turns that one logger on); the table shows their count, median and maximum.
/// </para>
/// <para>
/// Server memory per observer: the server's resident set (VmRSS) with every terminal logged in
/// and idle, then again with the N observers connected and watching (idle, 3 s settled),
/// divided by N. It includes whatever the GC keeps, so it is an upper bound of the steady cost.
/// </para>
/// At the end every terminal finishes; each observer's newest board must equal the stored
/// results (total, scores, passed, answered, state) of every candidate.
/// </summary>
public static partial class ObserverRun
{
    /// <summary>The whole run stops by itself within this.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(int terminalCount, int observerCount, TimeSpan interval, TimeSpan duration, string serverDll, TextWriter output, CancellationToken outer)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!await LoadServer.FoundAsync(serverDll))
        {
            return 2;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(outer);
        limit.CancelAfter(Limit);
        var ct = limit.Token;
        var clock = Stopwatch.StartNew();
        void Say(string message) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

        await using var server = LoadServer.InTemp(serverDll, "asncat-observers-", new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Override__AsnCat.Server.Live.LiveScores"] = "Debug",
        });
        var terminals = new List<LiveTerminal>();
        var observers = new List<RawObserver>();
        try
        {
            Say($"starting the AsnCat server (temp {server.RunDir})");
            await server.StartAsync(ct);
            var serverLog = server.LogPath;

            Say($"seeding a running session with {terminalCount:N0} candidates");
            var connection = server.ConnectionString;
            var session = await server.SeedAsync(terminalCount, ct);
            var (sessionId, code) = (session.Id, session.Code);

            var examHub = server.HubUrl;
            terminals.AddRange(session.People.Select((p, i) => new LiveTerminal(i, p, examHub)));
            Say($"connecting and logging in {terminals.Count:N0} terminals");
            await Connections.ForEachAsync(terminals, Connections.Parallelism, (t, token) => t.ConnectAndLoginAsync(token), ct);
            var loggedIn = terminals.Count(t => t.LoggedIn);
            if (loggedIn == 0)
            {
                await Console.Error.WriteLineAsync("no terminal could log in: " + terminals.First().Error + "\n" + server.Process.LogTail(30));
                return 2;
            }
            var meter = new StalenessMeter(terminals.ToDictionary(t => t.Person.ParticipantNumber, t => t.AckAt, StringComparer.Ordinal));

            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var rssBefore = server.Process.WorkingSet;
            var liveHub = server.LiveUrl;
            observers.AddRange(Enumerable.Range(0, observerCount).Select(_ => new RawObserver(liveHub)));
            Say($"connecting {observers.Count:N0} observers to {liveHub}, each watching {code}");
            var connectStarted = Stopwatch.GetTimestamp();
            await Connections.ForEachAsync(observers, Connections.Parallelism, (o, token) => o.ConnectAndWatchAsync(code, token), ct);
            var connectTime = Stopwatch.GetElapsedTime(connectStarted);
            var watching = observers.Count(o => o.Watching);
            var boardBytes = observers.FirstOrDefault(o => o.Watching)?.BoardBytes ?? 0;
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var rssAfter = server.Process.WorkingSet;

            Say($"{watching:N0} observers watching; paced phase: every terminal answers the next position every {interval.TotalSeconds:0.##} s for {duration.TotalSeconds:0} s");
            var cpuBefore = server.Process.CpuTime;
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(terminals.Select(t => t.RunAsync(start, end, interval, ct)));
            var answers = terminals.Sum(t => t.Acked);
            var serverCores = (server.Process.CpuTime - cpuBefore).TotalSeconds / Stopwatch.GetElapsedTime(start).TotalSeconds;

            Say("every terminal finishes");
            await Task.WhenAll(terminals.Select(t => t.FinishAsync(ct)));
            var finished = terminals.Count(t => t.Total is not null);

            // the server pushes only on change: quiet for 3 s after the last result means everything has arrived
            Say("waiting until no observer has received anything for 3 s (at most 30 s)");
            var waitUntil = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < waitUntil
                && Stopwatch.GetElapsedTime(observers.Max(o => o.LastArrival)) < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(200, ct);
            }
            var peak = server.Process.PeakWorkingSet;
            var expected = await StoredAsync(connection, sessionId, ct);

            Say("replaying every observer's messages (parse and apply, timed per message)");
            var equal = 0;
            string? mismatch = null;
            foreach (var o in observers)
            {
                var replayed = meter.Add(o);
                if (Why(replayed.Board, expected) is { } why)
                {
                    mismatch ??= why;
                }
                else
                {
                    equal++;
                }
            }
            var rebuilds = Rebuilds(serverLog);
            var patches = observers.Sum(o => o.PushedMessages);
            var pushedBytes = observers.Sum(o => o.PushedBytes);
            string P(long[] h) => $"{StalenessMeter.Percentile(h, 0.50)} / {StalenessMeter.Percentile(h, 0.95)} / {StalenessMeter.Percentile(h, 0.99)} / {StalenessMeter.Percentile(h, 1.0)}";

            output.WriteLine($"AsnCat live observers run, {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {Environment.ProcessorCount} cores, loopback");
            output.WriteLine($"  terminals                 {loggedIn:N0} logged in of {terminalCount:N0}; {answers:N0} answers acknowledged in {duration.TotalSeconds:0} s ({answers / duration.TotalSeconds:N0}/s); {finished:N0} finished");
            output.WriteLine($"  observers                 {watching:N0} watching of {observerCount:N0} (connected in {connectTime.TotalSeconds:0.0} s); {patches:N0} pushes received ({patches / (double)Math.Max(1, watching) / duration.TotalSeconds:0.00} per observer per s over the paced phase and the finish); {meter.Gaps:N0} gaps; {observers.Count(o => o.Dropped):N0} dropped");
            output.WriteLine($"  bytes                     board {boardBytes / 1024.0:N0} KiB for {terminalCount:N0} rows (the watch call's answer); pushes mean {pushedBytes / (double)Math.Max(1, patches) / 1024:N1} KiB, max {observers.Max(o => o.MaxMessageBytes) / 1024.0:N1} KiB (JSON protocol, as on the wire)");
            output.WriteLine($"  server                    {rebuilds.Count:N0} rebuilds of the session board, {Median(rebuilds):0.0} ms median, {(rebuilds.Count == 0 ? 0 : rebuilds.Max()):0.0} ms max; push interval {Environment.GetEnvironmentVariable("Live__PushInterval") ?? "1 s (default)"}; {serverCores:0.00} cores busy in the paced phase");
            output.WriteLine($"  staleness p50/p95/p99/max {P(meter.Histogram)} ms  (ack -> board held by the observer, {meter.Histogram.Sum():N0} samples)");
            output.WriteLine($"  delivery p50/p95/p99/max  {P(meter.Delivery)} ms  (board built at the server -> push arrived at the observer, {meter.Delivery.Sum():N0} pushes)");
            output.WriteLine($"  client work p50/p99/max   {StalenessMeter.Percentile(meter.Work, 0.50)} / {StalenessMeter.Percentile(meter.Work, 0.99)} / {StalenessMeter.Percentile(meter.Work, 1.0)} ms  (parse and apply one push, rounded up; included in staleness)");
            output.WriteLine($"  server RSS                {Mb(rssBefore)} idle with terminals -> {Mb(rssAfter)} with observers; {(rssAfter - rssBefore) / (double)Math.Max(1, watching) / 1024:N1} KiB per observer connection; peak {Mb(peak)}");
            output.WriteLine($"  final boards = stored     {equal:N0} of {observerCount:N0} observers{(equal == observerCount ? "" : "  <-- MISMATCH: " + mismatch)}");
            Say("done");
            return equal == observerCount && finished == loggedIn && meter.Gaps == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(outer.IsCancellationRequested ? "cancelled; stopping the server" : $"the run exceeded {Limit.TotalMinutes:0} minutes; stopped");
            return outer.IsCancellationRequested ? 130 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        finally
        {
            await Parallel.ForEachAsync(observers.Cast<IAsyncDisposable>().Concat(terminals), new ParallelOptions { MaxDegreeOfParallelism = 256 },
                    async (c, _) => await c.DisposeAsync())
                .WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            // the server and its temp folder go with the `await using` above
        }
    }

    private static AsnCatDb Db(string connection) => new(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite(connection).Options);

    private static async Task<Dictionary<string, Stored>> StoredAsync(string connection, int sessionId, CancellationToken ct)
    {
        await using var db = Db(connection);
        var rows = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Select(a => new { a.Candidate!.ParticipantNumber, a.State, a.Scores, a.Total, a.Passed, Answered = a.Answers.Count(x => x.Option != null) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.ParticipantNumber, r => new Stored(r.State == AttemptState.Finished, r.Scores, r.Total, r.Passed, r.Answered), StringComparer.Ordinal);
    }

    /// <summary>The rebuild times the server logged (LiveScores at Debug).</summary>
    private static List<double> Rebuilds(string serverLog)
    {
        var times = new List<double>();
        using var stream = new FileStream(serverLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (RebuiltLine().Match(line) is { Success: true } m)
            {
                times.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        return times;
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    [GeneratedRegex(@"dibangun ulang: \d+ baris dalam ([0-9.]+) ms")]
    private static partial Regex RebuiltLine();

    private static string Mb(long bytes) => $"{bytes / 1048576.0:N0} MiB";

    /// <summary>Why a board differs from the stored results (null when it equals them).</summary>
    private static string? Why(LiveBoard? board, IReadOnlyDictionary<string, Stored> expected)
    {
        if (board is null)
        {
            return "no board";
        }
        if (board.Rows.Count != expected.Count)
        {
            return $"{board.Rows.Count} rows, {expected.Count} candidates";
        }
        foreach (var row in board.Rows)
        {
            if (!expected.TryGetValue(row.ParticipantNumber, out var s))
            {
                return $"{row.ParticipantNumber} not in the session";
            }
            var scoresEqual = s.Scores is null ? row.Scores is null : row.Scores is not null && s.Scores.Count == row.Scores.Count && s.Scores.All(x => row.Scores.TryGetValue(x.Key, out var v) && v == x.Value);
            if (!s.Finished || !row.Final || row.Total != s.Total || row.Passed != s.Passed || row.Answered != s.Answered || !scoresEqual)
            {
                return $"{row.ParticipantNumber}: board total {row.Total} final {row.Final} answered {row.Answered}, stored total {s.Total} finished {s.Finished} answered {s.Answered}";
            }
        }
        return null;
    }

    private sealed record Stored(bool Finished, Dictionary<string, int>? Scores, int? Total, bool? Passed, int Answered);

    /// <summary>A terminal that answers positions in order, keeping each ack's time by answered count.</summary>
    private sealed class LiveTerminal(int index, SeededPerson person, Uri hubUrl) : IAsyncDisposable
    {
        private readonly HubConnection _connection = Connections.Build(hubUrl);
        private readonly Random _random = new(index);

        public SeededPerson Person { get; } = person;

        public bool LoggedIn { get; private set; }

        public string? Error { get; private set; }

        public int Questions { get; private set; }

        /// <summary>AckAt[k - 1]: Stopwatch time the k-th answer was acknowledged (0 while not yet).</summary>
        public long[] AckAt { get; private set; } = [];

        public int Acked { get; private set; }

        public int? Total { get; private set; }

        public async Task ConnectAndLoginAsync(CancellationToken ct)
        {
            try
            {
                await _connection.StartAsync(ct);
                var reply = await _connection.InvokeAsync<SlimLoginReply>(nameof(IExamHub.Login), new LoginRequest(Person.ParticipantNumber, Person.Pin, $"uji-{index}"), ct);
                if (reply is { Ok: true, Exam.QuestionCount: > 0 })
                {
                    Questions = reply.Exam.QuestionCount;
                    AckAt = new long[Questions];
                    LoggedIn = true;
                }
                else
                {
                    Error = $"login: {reply.Error} {reply.Message}";
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Error = $"{e.GetType().Name}: {e.Message}";
            }
        }

        public async Task RunAsync(long start, long end, TimeSpan interval, CancellationToken ct)
        {
            if (!LoggedIn)
            {
                return;
            }
            var step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var due = start + (long)(_random.NextDouble() * step);
            while (due < end && Acked < Questions && !ct.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
                var position = Acked;
                var reply = await _connection.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(position, _random.Next(5), position + 1), ct);
                if (reply is { Ok: true, Applied: true })
                {
                    Volatile.Write(ref AckAt[position], Stopwatch.GetTimestamp());
                    Acked++;
                }
                else
                {
                    Error ??= $"save: {reply.Error} {reply.Message}";
                }
                due += step;
            }
        }

        public async Task FinishAsync(CancellationToken ct)
        {
            if (!LoggedIn)
            {
                return;
            }
            var reply = await _connection.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct);
            Total = reply.Result?.Total;
        }

        public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
    }
}
