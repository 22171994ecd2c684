using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AsnCat.ExamClient.Contracts;
using AsnCat.Server.Data;
using AsnCat.Server.Services.Exam;
using AsnCat.Server.Services.Live;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.LoadTest;

/// <summary>
/// The observers run (<c>--observers N</c>): the real server on loopback, a running session of
/// T candidates, N observers on the public live hub watching it, and T terminals answering.
/// <para>
/// Staleness, measured honestly in one process with one clock: a terminal answers positions
/// 0, 1, 2, ... in order and never clears one, so its k-th acknowledged answer is the moment
/// its stored answered count became k. The k-th ack's time is kept; an observer whose board
/// (the watch call's board with every pushed <see cref="BoardPatch"/> applied) shows answered
/// &gt;= k in a row for the first time records (receive time - ack time) for every answer it
/// newly sees. A patch that arrives before the generator has processed the ack counts as 0 ms
/// (the observer saw the answer no later than the terminal saw its ack). A patch that does not
/// follow the observer's board makes it watch again (counted as a resync).
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
        if (!File.Exists(serverDll))
        {
            await Console.Error.WriteLineAsync($"server not found: {serverDll} (build it, or pass --server)");
            return 2;
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(outer);
        limit.CancelAfter(Limit);
        var ct = limit.Token;
        var clock = Stopwatch.StartNew();
        void Say(string message) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

        var temp = Directory.CreateTempSubdirectory("asncat-observers-");
        var terminals = new List<LiveTerminal>();
        var observers = new List<Observer>();
        ChildProcess? server = null;
        try
        {
            var dbPath = Path.Combine(temp.FullName, "asncat.db");
            var keyFile = Path.Combine(temp.FullName, "pin.key");
            var serverLog = Path.Combine(temp.FullName, "server.log");
            await File.WriteAllBytesAsync(keyFile, RandomNumberGenerator.GetBytes(32), ct);
            Say($"starting the AsnCat server (temp {temp.FullName})");
            server = ChildProcess.Start("AsnCat server", serverDll, [], new Dictionary<string, string>
            {
                ["ConnectionStrings__AsnCat"] = $"Data Source={dbPath}",
                ["Exam__PinKeyFile"] = keyFile,
                ["Demo__Enabled"] = "false",
                ["AsnCat__Role"] = "server",
                ["Serilog__MinimumLevel__Default"] = "Warning",
                ["Serilog__MinimumLevel__Override__AsnCat.Server.Services.Live.LiveScores"] = "Debug",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            }, serverLog);
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90), ct);

            Say($"seeding a running session with {terminalCount:N0} candidates");
            var connection = $"Data Source={dbPath};Pooling=False";
            var (sessionId, people) = await Seeder.SeedAsync(connection, new Secrets(await File.ReadAllBytesAsync(keyFile, ct)), terminalCount, TimeProvider.System, ct);
            string code;
            await using (var db = Db(connection))
            {
                code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(ct);
            }

            var examHub = new Uri(server.Url, ExamHub.Path);
            terminals.AddRange(people.Select((p, i) => new LiveTerminal(i, p, examHub)));
            Say($"connecting and logging in {terminals.Count:N0} terminals");
            await Connections.ForEachAsync(terminals, Connections.Parallelism, (t, token) => t.ConnectAndLoginAsync(token), ct);
            var loggedIn = terminals.Count(t => t.LoggedIn);
            if (loggedIn == 0)
            {
                await Console.Error.WriteLineAsync("no terminal could log in: " + terminals.First().Error + "\n" + server.LogTail(30));
                return 2;
            }
            var byNumber = terminals.ToDictionary(t => t.Person.ParticipantNumber, StringComparer.Ordinal);

            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var rssBefore = server.WorkingSet;
            var liveHub = new Uri(server.Url, LiveHubContract.Path);
            observers.AddRange(Enumerable.Range(0, observerCount).Select(i => new Observer(liveHub, byNumber, measureBytes: i == 0)));
            Say($"connecting {observers.Count:N0} observers to {liveHub}, each watching {code}");
            var connectStarted = Stopwatch.GetTimestamp();
            await Connections.ForEachAsync(observers, Connections.Parallelism, (o, token) => o.ConnectAndWatchAsync(code, token), ct);
            var connectTime = Stopwatch.GetElapsedTime(connectStarted);
            var watching = observers.Count(o => o.Watching);
            var boardBytes = observers.FirstOrDefault(o => o.Watching)?.LatestJsonBytes ?? 0;
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var rssAfter = server.WorkingSet;

            Say($"{watching:N0} observers watching; paced phase: every terminal answers the next position every {interval.TotalSeconds:0.##} s for {duration.TotalSeconds:0} s");
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(terminals.Select(t => t.RunAsync(start, end, interval, ct)));
            var answers = terminals.Sum(t => t.Acked);

            Say("every terminal finishes");
            await Task.WhenAll(terminals.Select(t => t.FinishAsync(ct)));
            var finished = terminals.Count(t => t.Total is not null);

            Say("waiting for every observer's board to show every result (at most 30 s)");
            var expected = await StoredAsync(connection, sessionId, ct);
            var waitUntil = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < waitUntil && observers.Any(o => o.Watching && !o.Matches(expected)))
            {
                await Task.Delay(200, ct);
            }
            var equal = observers.Count(o => o.Matches(expected));
            var histogram = new long[Observer.Buckets];
            var delivery = new long[Observer.Buckets];
            foreach (var o in observers)
            {
                o.AddTo(histogram, delivery);
            }
            var peak = server.PeakWorkingSet;
            var rebuilds = Rebuilds(serverLog);
            var patches = observers.Sum(o => o.Patches);
            var sizer = observers[0];

            output.WriteLine($"AsnCat live observers run, {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {Environment.ProcessorCount} cores, loopback");
            output.WriteLine($"  terminals                 {loggedIn:N0} logged in of {terminalCount:N0}; {answers:N0} answers acknowledged in {duration.TotalSeconds:0} s ({answers / duration.TotalSeconds:N0}/s); {finished:N0} finished");
            output.WriteLine($"  observers                 {watching:N0} watching of {observerCount:N0} (connected in {connectTime.TotalSeconds:0.0} s); {patches:N0} patches received ({patches / (double)Math.Max(1, watching) / duration.TotalSeconds:0.00} per observer per s, counted over the paced phase and the finish); {observers.Sum(o => o.Resyncs):N0} resyncs; {observers.Count(o => o.Dropped):N0} dropped");
            output.WriteLine($"  board                     {boardBytes / 1024.0:N0} KiB of JSON for {terminalCount:N0} rows (the watch call's answer only); patches: mean {sizer.PatchBytes / (double)Math.Max(1, sizer.Patches) / 1024:N1} KiB, max {sizer.MaxPatchBytes / 1024.0:N1} KiB, mean {sizer.PatchRows / (double)Math.Max(1, sizer.Patches):N0} rows (observer 1's)");
            output.WriteLine($"  server rebuilds           {rebuilds.Count:N0} of the session board; {Median(rebuilds):0.0} ms median, {(rebuilds.Count == 0 ? 0 : rebuilds.Max()):0.0} ms max ({terminalCount:N0} rows, from the server's Debug log); push interval {Environment.GetEnvironmentVariable("Live__PushInterval") ?? "1 s (default)"}");
            output.WriteLine($"  staleness p50/p95/p99/max {Percentile(histogram, 0.50)} / {Percentile(histogram, 0.95)} / {Percentile(histogram, 0.99)} / {Percentile(histogram, 1.0)} ms  (ack -> first board showing it, {histogram.Sum():N0} samples)");
            output.WriteLine($"  delivery p50/p95/p99/max  {Percentile(delivery, 0.50)} / {Percentile(delivery, 0.95)} / {Percentile(delivery, 0.99)} / {Percentile(delivery, 1.0)} ms  (board built at the server -> patch applied at the observer, {delivery.Sum():N0} patches)");
            output.WriteLine($"  server RSS                {Mb(rssBefore)} idle with terminals -> {Mb(rssAfter)} with observers; {(rssAfter - rssBefore) / (double)Math.Max(1, watching) / 1024:N1} KiB per observer connection; peak {Mb(peak)}");
            output.WriteLine($"  final boards = stored     {equal:N0} of {observerCount:N0} observers{(equal == observerCount ? "" : "  <-- MISMATCH: " + observers.First(o => !o.Matches(expected)).Why(expected))}");
            Say("done");
            return equal == observerCount && finished == loggedIn ? 0 : 1;
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
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"temp folder {temp.FullName} not deleted: {e.Message}");
            }
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

    private static string Percentile(long[] histogram, double q)
    {
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

    private sealed record Stored(bool Finished, Dictionary<string, int>? Scores, int? Total, bool? Passed, int Answered);

    /// <summary>A terminal that answers positions in order, keeping each ack's time by answered count.</summary>
    private sealed class LiveTerminal(int index, Person person, Uri hubUrl) : IAsyncDisposable
    {
        private readonly HubConnection _connection = Connections.Build(hubUrl);
        private readonly Random _random = new(index);

        public Person Person { get; } = person;

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
                if (reply is { Ok: true, Exam.Questions.Count: > 0 })
                {
                    Questions = reply.Exam.Questions.Count;
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

    /// <summary>One online observer: keeps its board (patched as pushes arrive) and how late each answer reached it.</summary>
    private sealed class Observer(Uri hubUrl, IReadOnlyDictionary<string, LiveTerminal> terminals, bool measureBytes) : IAsyncDisposable
    {
        /// <summary>Staleness histogram buckets: 1 ms each; the last one holds everything above.</summary>
        public const int Buckets = 60_001;

        private readonly HubConnection _connection = Connections.Build(hubUrl);
        private readonly Lock _lock = new();
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly long[] _histogram = new long[Buckets];
        private readonly long[] _delivery = new long[Buckets];
        private LiveBoard? _latest;
        private string? _code;
        private int _resyncing;

        public bool Watching { get; private set; }

        public bool Dropped { get; private set; }

        public int Patches { get; private set; }

        public int Resyncs { get; private set; }

        /// <summary>Only when measuring: the pushed patches' JSON sizes (as the JSON protocol writes them) and rows.</summary>
        public long PatchBytes { get; private set; }

        public long MaxPatchBytes { get; private set; }

        public long PatchRows { get; private set; }

        /// <summary>The board's size as the JSON protocol writes it (camelCase).</summary>
        public int LatestJsonBytes => _latest is null ? 0 : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_latest, Connections.Json).Length;

        public async Task ConnectAndWatchAsync(string code, CancellationToken ct)
        {
            _code = code;
            _connection.On<BoardPatch>(nameof(ILiveClient.Patch), Receive);
            _connection.Closed += _ =>
            {
                Dropped = true;
                return Task.CompletedTask;
            };
            try
            {
                await _connection.StartAsync(ct);
                Take(await _connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, ct));
                Watching = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Console.Error.WriteLine($"observer: {e.GetType().Name}: {e.Message}");
            }
        }

        public bool Matches(IReadOnlyDictionary<string, Stored> expected) => Why(expected) is null;

        /// <summary>Why the board differs from the stored results (null when it equals them).</summary>
        public string? Why(IReadOnlyDictionary<string, Stored> expected)
        {
            var board = _latest;
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

        public void AddTo(long[] histogram, long[] delivery)
        {
            lock (_lock)
            {
                for (var i = 0; i < Buckets; i++)
                {
                    histogram[i] += _histogram[i];
                    delivery[i] += _delivery[i];
                }
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        /// <summary>A whole board (the watch call's answer): kept when newer; its rows' answers count as seen now.</summary>
        private void Take(LiveBoard board)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (_latest is not null && board.Version <= _latest.Version)
                {
                    return;
                }
                _latest = board;
                See(board.Rows, now);
            }
        }

        private Task Receive(BoardPatch patch)
        {
            var now = Stopwatch.GetTimestamp();
            // delivery: from the server building the board to this observer holding it (the server
            // and the generator share the machine's clock)
            var delivered = (DateTimeOffset.UtcNow - patch.BuiltAt).TotalMilliseconds;
            if (measureBytes)
            {
                var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(patch, Connections.Json).Length;
                PatchBytes += bytes;
                MaxPatchBytes = Math.Max(MaxPatchBytes, bytes);
                PatchRows += patch.Rows.Count;
            }
            lock (_lock)
            {
                _delivery[Math.Clamp((int)delivered, 0, Buckets - 1)]++;
                Patches++;
                if (_latest is null || patch.Version <= _latest.Version)
                {
                    return Task.CompletedTask;   // old: the board already holds it
                }
                if (_latest.Apply(patch) is not { } next)
                {
                    // missed one: watch again for the whole board (not awaited here: the receive loop would wait on itself)
                    if (Interlocked.Exchange(ref _resyncing, 1) == 0)
                    {
                        Resyncs++;
                        _ = Task.Run(ResyncAsync);
                    }
                    return Task.CompletedTask;
                }
                _latest = next;
                See(patch.Rows, now);
            }
            return Task.CompletedTask;
        }

        private async Task ResyncAsync()
        {
            try
            {
                Take(await _connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), _code!));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"observer resync: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                Volatile.Write(ref _resyncing, 0);
            }
        }

        private void See(IEnumerable<LiveRow> rows, long now)
        {
            foreach (var row in rows)
            {
                var before = _seen.GetValueOrDefault(row.ParticipantNumber);
                if (row.Answered <= before || !terminals.TryGetValue(row.ParticipantNumber, out var terminal))
                {
                    continue;
                }
                _seen[row.ParticipantNumber] = row.Answered;
                if (!Watching)
                {
                    continue;   // the first board: nothing was answered yet
                }
                for (var k = before; k < row.Answered && k < terminal.AckAt.Length; k++)
                {
                    var acked = Volatile.Read(ref terminal.AckAt[k]);
                    var ms = acked == 0 ? 0 : Math.Max(0, (now - acked) * 1000 / Stopwatch.Frequency);
                    _histogram[Math.Min(Buckets - 1, ms)]++;
                }
            }
        }
    }
}
