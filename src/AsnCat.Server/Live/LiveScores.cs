using System.Collections.Concurrent;
using System.Diagnostics;
using AsnCat.Contracts.Live;
using AsnCat.Scoring;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Live;

/// <summary>
/// The public live score boards, per session and per venue. The writer reports which sessions
/// each commit touched; a touched session that someone watches (directly or through its venue)
/// is rebuilt from the database and pushed at once when its last rebuild is at least an
/// <see cref="Interval"/> old, otherwise at that rebuild + <see cref="Interval"/> (leading-edge
/// coalescing: at most one push per board per interval, and an answer after a quiet second is not
/// held back). The whole board goes to the in-process watchers (the board pages' circuits); the
/// SignalR group of <see cref="LiveHub"/> gets only what changed (<see cref="BoardPatch"/>),
/// serialized once and fanned out. A late watcher gets the current whole board at once.
/// <para>
/// One score source: a finished candidate shows exactly the stored <c>Attempt.Scores</c>,
/// <c>Total</c> and <c>Passed</c> (what is published); a running candidate a provisional score of
/// the answers stored so far, scored with the session's key by <see cref="AnswerKey.Score(QuestionSet, ReadOnlySpan{sbyte})"/>
/// exactly as the writer scores the finish (<see cref="ExamMaterials"/> is a thread-safe cache
/// of immutable objects, shared with the writer).
/// </para>
/// </summary>
public sealed partial class LiveScores : BackgroundService
{
    /// <summary>The default least time between two rebuilds (pushes) of one board; <c>Live:PushInterval</c> in the configuration changes it (at least 100 ms).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _interval;

    private readonly IDbContextFactory<AsnCatDb> _dbFactory;
    private readonly ExamMaterials _materials;
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveScores> _logger;
    private readonly ConcurrentDictionary<int, byte> _dirty = new();
    // when each session / venue board was last rebuilt by the loop (the coalescing clock)
    private readonly ConcurrentDictionary<int, DateTimeOffset> _sessionBuiltAt = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _venueBuiltAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyVenues = new(StringComparer.Ordinal);
    // completed by a commit; replaced by the loop before each pass (a commit after that wakes the next wait)
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    // what the loop knows of a session: its code and venue (to find its feeds)
    private readonly ConcurrentDictionary<int, SessionKeys> _keys = new();
    // what the boards of watched sessions are built from (dropped when no one watches the session any more)
    private readonly ConcurrentDictionary<int, SessionSheets> _sheets = new();
    // boards built for one-off reads (the JSON API) while no one watches: reused for an interval
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<LiveBoard?> Board)> _snapshots = new(StringComparer.Ordinal);

    public LiveScores(IDbContextFactory<AsnCatDb> dbFactory, ExamMaterials materials, ExamWriter writer, IHubContext<LiveHub, ILiveClient> hub,
        TimeProvider time, IConfiguration configuration, ILogger<LiveScores> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, configuration.GetValue("Live:PushInterval", Interval).Ticks));
        _dbFactory = dbFactory;
        _materials = materials;
        _hub = hub;
        _time = time;
        _logger = logger;
        writer.Committed += note =>
        {
            foreach (var id in note.Sessions)
            {
                _dirty[id] = 0;
            }
            foreach (var attempt in note.Attempts)
            {
                if (_sheets.TryGetValue(attempt.SessionId, out var sheets))
                {
                    sheets.Notes.Enqueue(SheetNote.Of(attempt));
                }
            }
            Wake();
        };
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Sessions whose answer sheets are kept for their boards (the runtime view shows it: 0 once no one watches).</summary>
    public int SessionsKept => _sheets.Count;

    /// <summary>Boards built by the loop (for tests and the load run: coalescing shows here).</summary>
    public long Rebuilds => Interlocked.Read(ref _rebuilds);

    private long _rebuilds;

    /// <summary>The session's board now: the watched one, or one built at most an <see cref="Interval"/> ago; null for an unknown code.</summary>
    public Task<LiveBoard?> SessionBoardAsync(string code, CancellationToken ct = default) =>
        BoardAsync(LiveBoard.SessionKind, code, ct);

    /// <summary>The venue's board now; null for a venue without sessions.</summary>
    public Task<LiveBoard?> VenueBoardAsync(string venue, CancellationToken ct = default) =>
        BoardAsync(LiveBoard.VenueKind, venue, ct);

    /// <summary>
    /// Watches a board in process: <paramref name="onBoard"/> gets the current board at once and
    /// every rebuilt one after; dispose to stop. Null when the session or venue is unknown.
    /// </summary>
    public async Task<IDisposable?> WatchAsync(string kind, string subject, Func<LiveBoard, Task> onBoard, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(onBoard);
        var feed = await FeedAsync(kind, subject, ct);
        if (feed is null)
        {
            return null;
        }
        // the loop may push while the first board is being handed over: each board reaches the
        // watcher once and never after a newer one (the rule hub clients follow with `version`)
        long delivered = 0;
        Func<LiveBoard, Task> newer = b =>
        {
            for (var last = Interlocked.Read(ref delivered); b.Version > last; last = Interlocked.Read(ref delivered))
            {
                if (Interlocked.CompareExchange(ref delivered, b.Version, last) == last)
                {
                    return onBoard(b);
                }
            }
            return Task.CompletedTask;
        };
        feed.Add(newer);
        var board = await LatestOrBuildAsync(feed, ct);
        if (board is not null)
        {
            await newer(board);
        }
        return new Unsubscribe(() => feed.Remove(newer));
    }

    /// <summary>A hub connection starts watching: counted, and the current board returned; null when unknown.</summary>
    public async Task<LiveBoard?> JoinAsync(string kind, string subject, CancellationToken ct = default)
    {
        var feed = await FeedAsync(kind, subject, ct);
        if (feed is null)
        {
            return null;
        }
        feed.Join();
        try
        {
            return await LatestOrBuildAsync(feed, ct);
        }
        catch
        {
            feed.Leave();
            throw;
        }
    }

    /// <summary>A hub connection stopped watching (it disconnected).</summary>
    public void Leave(string kind, string subject)
    {
        if (_feeds.TryGetValue(LiveHubContract.Group(kind, subject), out var feed))
        {
            feed.Leave();
        }
    }

    /// <summary>The last board pushed of a watched feed (null when none).</summary>
    public LiveBoard? Latest(string kind, string subject) =>
        _feeds.TryGetValue(LiveHubContract.Group(kind, subject), out var feed) ? feed.Latest : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? due = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitAsync(due, stoppingToken);
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                due = await RebuildDirtyAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoopFailed(_logger, e);
                due = _time.GetUtcNow() + _interval;
            }
            foreach (var feed in _feeds.Values)
            {
                feed.PushIfDue(_hub, _logger);
            }
            ForgetUnwatched();
        }
    }

    /// <summary>Drops the sheets of sessions no one watches any more (they would go stale; watching again reads them afresh).</summary>
    private void ForgetUnwatched()
    {
        foreach (var id in _sheets.Keys)
        {
            if (!_keys.TryGetValue(id, out var keys) || !IsWatched(keys.Code, keys.Venue))
            {
                _sheets.TryRemove(id, out _);
            }
        }
    }

    private bool IsWatched(string code, string venue) =>
        _feeds.GetValueOrDefault(LiveHubContract.Group(LiveBoard.SessionKind, code)) is { IsWatched: true }
        || _feeds.GetValueOrDefault(LiveHubContract.Group(LiveBoard.VenueKind, venue)) is { IsWatched: true };

    /// <summary>Until a commit arrives or <paramref name="due"/> (a held-back rebuild) has come.</summary>
    private async Task WaitAsync(DateTimeOffset? due, CancellationToken ct)
    {
        var wake = Volatile.Read(ref _wake).Task;
        if (due is null)
        {
            await wake.WaitAsync(ct);
            return;
        }
        var delay = due.Value - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(delay, _time, stop.Token);
        // the clock may have moved between reading it and creating the timer (a test's fake clock)
        if (_time.GetUtcNow() < due.Value)
        {
            await Task.WhenAny(timer, wake);
        }
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// One pass of the loop: every dirty session someone watches whose last rebuild is at least an
    /// <see cref="Interval"/> old is rebuilt once, then the venues they belong to (each also at
    /// most once per interval). Returns when the next held-back rebuild is due (null: none).
    /// </summary>
    internal async Task<DateTimeOffset?> RebuildDirtyAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        void Later(DateTimeOffset at) => next = next is { } n && n <= at ? n : at;
        foreach (var id in _dirty.Keys)
        {
            if (_sessionBuiltAt.TryGetValue(id, out var built) && now - built < _interval)
            {
                Later(built + _interval);
                continue;
            }
            _dirty.TryRemove(id, out _);
            try
            {
                if (await KeysAsync(id, ct) is not { } keys)
                {
                    continue;
                }
                var sessionFeed = _feeds.GetValueOrDefault(LiveHubContract.Group(LiveBoard.SessionKind, keys.Code));
                var venueFeed = _feeds.GetValueOrDefault(LiveHubContract.Group(LiveBoard.VenueKind, keys.Venue));
                if (sessionFeed is not { IsWatched: true } && venueFeed is not { IsWatched: true })
                {
                    continue;   // its sheets, if any, go at the end of this pass (ForgetUnwatched)
                }
                _sessionBuiltAt[id] = now;
                var started = Stopwatch.GetTimestamp();
                var board = await BuildSessionAsync(id, ct);
                Interlocked.Increment(ref _rebuilds);
                if (board is null)
                {
                    continue;
                }
                var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRebuilt(_logger, keys.Code, board.Rows.Count, took);
                if (sessionFeed is { IsWatched: true })
                {
                    sessionFeed.Publish(board);
                }
                if (venueFeed is { IsWatched: true })
                {
                    _dirtyVenues.Add(keys.Venue);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBuildFailed(_logger, id, e);
                _dirty[id] = 0;
                Later(now + _interval);
            }
        }
        foreach (var venue in _dirtyVenues.ToList())
        {
            if (_venueBuiltAt.TryGetValue(venue, out var built) && now - built < _interval)
            {
                Later(built + _interval);
                continue;
            }
            _dirtyVenues.Remove(venue);
            _venueBuiltAt[venue] = now;
            if (_feeds.TryGetValue(LiveHubContract.Group(LiveBoard.VenueKind, venue), out var feed) && feed.IsWatched
                && await BuildVenueAsync(venue, fresh: false, ct) is { } board)
            {
                Interlocked.Increment(ref _rebuilds);
                feed.Publish(board);
            }
        }
        return next;
    }

    /// <summary>A board now (see <see cref="SessionBoardAsync"/>); null when unknown.</summary>
    public async Task<LiveBoard?> BoardAsync(string kind, string subject, CancellationToken ct = default)
    {
        if (kind is not (LiveBoard.SessionKind or LiveBoard.VenueKind) || string.IsNullOrWhiteSpace(subject) || subject.Length > LiveHubContract.MaxNameLength)
        {
            return null;
        }
        var key = LiveHubContract.Group(kind, subject);
        if (_feeds.TryGetValue(key, out var feed) && feed is { IsWatched: true, Latest: { } latest })
        {
            return latest;
        }
        var now = _time.GetUtcNow();
        var snapshot = _snapshots.AddOrUpdate(key,
            _ => (now, BuildAsync(kind, subject, fresh: true, CancellationToken.None)),
            (_, old) => now - old.At < Interval ? old : (now, BuildAsync(kind, subject, fresh: true, CancellationToken.None)));
        var board = await snapshot.Board.WaitAsync(ct);
        if (board is null)
        {
            _snapshots.TryRemove(key, out _);   // unknown names are not kept
        }
        return board;
    }

    private Task<LiveBoard?> BuildAsync(string kind, string subject, bool fresh, CancellationToken ct) => kind switch
    {
        LiveBoard.SessionKind => BuildSessionByCodeAsync(subject, ct),
        LiveBoard.VenueKind => BuildVenueAsync(subject, fresh, ct),
        _ => Task.FromResult<LiveBoard?>(null),
    };

    private async Task<LiveBoard?> BuildSessionByCodeAsync(string code, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var id = await db.ExamSessions.AsNoTracking().Where(s => s.Code == code).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await BuildSessionAsync(id.Value, ct);
    }

    /// <summary>The feed of a known session or venue, created on first use; null when unknown (nothing is kept for unknown names).</summary>
    private async Task<Feed?> FeedAsync(string kind, string subject, CancellationToken ct)
    {
        if (kind is not (LiveBoard.SessionKind or LiveBoard.VenueKind) || string.IsNullOrWhiteSpace(subject) || subject.Length > LiveHubContract.MaxNameLength)
        {
            return null;
        }
        var key = LiveHubContract.Group(kind, subject);
        if (_feeds.TryGetValue(key, out var feed))
        {
            return feed;
        }
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var exists = kind == LiveBoard.SessionKind
            ? await db.ExamSessions.AnyAsync(s => s.Code == subject, ct)
            : await db.ExamSessions.AnyAsync(s => s.Venue == subject, ct);
        return exists ? _feeds.GetOrAdd(key, _ => new Feed(kind, subject, Wake)) : null;
    }

    private async Task<LiveBoard?> LatestOrBuildAsync(Feed feed, CancellationToken ct)
    {
        if (feed.Latest is { } latest)
        {
            return latest;
        }
        // watchers arriving together (a venue's observers at the start) share one build
        var board = await feed.FirstBuild(() => BuildAsync(feed.Kind, feed.Subject, fresh: true, CancellationToken.None)).WaitAsync(ct);
        if (board is not null)
        {
            feed.Seed(board);
        }
        return feed.Latest ?? board;
    }

    private async Task<SessionKeys?> KeysAsync(int sessionId, CancellationToken ct)
    {
        if (_keys.TryGetValue(sessionId, out var keys))
        {
            return keys;
        }
        if (_feeds.IsEmpty)
        {
            return null;   // no one watches anything: do not even look
        }
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var row = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => new { s.Code, s.Venue }).SingleOrDefaultAsync(ct);
        return row is null ? null : _keys[sessionId] = new SessionKeys(row.Code, row.Venue);
    }

    /// <summary>
    /// Every candidate of one session, scored; null for an unknown session. The candidates, their
    /// states and stored results are read from the database each time (a small query, and the one
    /// score source of what is published); the answers of a watched session are read once, then
    /// kept up to date from the writer's commits (<see cref="SessionSheets"/>), so a rebuild scores
    /// only the sheets that changed and never reads the answers again.
    /// </summary>
    private async Task<LiveBoard?> BuildSessionAsync(int sessionId, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.Id, s.Code, s.Venue, s.Room, s.TimeZone, s.State, s.StartsAt }).SingleOrDefaultAsync(ct);
        if (session is null)
        {
            return null;
        }
        _keys[sessionId] = new SessionKeys(session.Code, session.Venue);
        // a watched session's sheets are kept (and fed by commits from now on); a one-off build starts from nothing
        var sheets = IsWatched(session.Code, session.Venue) ? _sheets.GetOrAdd(sessionId, _ => new SessionSheets()) : new SessionSheets();
        await sheets.Gate.WaitAsync(ct);
        try
        {
            var material = await _materials.ForSessionAsync(sessionId, ct);
            var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
                .Select(a => new SeatHeader(
                    a.Id, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Category, a.State, a.SetText != null,
                    a.Scores, a.Total, a.Passed, a.EndedBy, a.TokenHash != null))
                .ToListAsync(ct);
            await sheets.LoadMissingAsync(db, material, attempts, ct);
            sheets.ApplyNotes();
            var questions = material.Blueprint.TotalItems;
            var subtests = material.Blueprint.Subtests.Select(s => s.Code).ToList();
            var rows = attempts.Select(a =>
            {
                var drawn = a.HasSet ? questions : 0;
                var seat = sheets.Seats.GetValueOrDefault(a.Id);
                var count = seat?.Answered ?? 0;
                if (a.State == AttemptState.Finished)
                {
                    var state = a.EndedBy switch
                    {
                        EndReasons.Disqualified => LiveStates.Disqualified,
                        EndReasons.Absent => LiveStates.Absent,
                        _ => LiveStates.Finished,
                    };
                    // the stored result, exactly: the one score source of what is published
                    return new LiveRow(session.Code, a.ParticipantNumber, a.Name, a.Scores is null ? null : Ordered(subtests, a.Scores),
                        a.Total, a.Passed, count, drawn, state, Final: true);
                }
                // the session's start draws every set; a candidate who has not logged in (and has
                // nothing stored) has not started, whatever the attempt's state
                if (a.State != AttemptState.Running || seat?.Card(material) is not { } card || (!a.LoggedIn && count == 0))
                {
                    return new LiveRow(session.Code, a.ParticipantNumber, a.Name, null, null, null, count, drawn, LiveStates.NotStarted, Final: false);
                }
                var category = CandidateCategories.Code(a.Category);
                bool? passed = material.Thresholds.CategoryIndex(category) < 0 ? null : material.Thresholds.Evaluate(category, card).Passed;
                var scores = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < subtests.Count; i++)
                {
                    scores[subtests[i]] = card.Subtests[i];
                }
                return new LiveRow(session.Code, a.ParticipantNumber, a.Name, scores, card.Total, passed, count, drawn, LiveStates.Answering, Final: false);
            })
            .OrderBy(r => r.ParticipantNumber, StringComparer.Ordinal)
            .ToList();
            // a finished attempt's sheet is not scored again: only its count is kept
            foreach (var a in attempts.Where(a => a.State == AttemptState.Finished))
            {
                sheets.Seats.GetValueOrDefault(a.Id)?.Finish();
            }
            var live = new LiveSession(session.Code, session.Venue, session.Room, session.TimeZone, SessionAdmin.StateName(session.State), session.StartsAt);
            var board = new LiveBoard(LiveBoard.SessionKind, session.Code, session.Venue, [live], subtests, rows, 0, _time.GetUtcNow());
            sheets.Board = board;
            return board;
        }
        finally
        {
            sheets.Gate.Release();
        }
    }

    /// <summary>
    /// Every running or paused session at the venue and those that ended today (in the session's
    /// own time zone). <paramref name="fresh"/>: rebuild every session rather than reuse the
    /// boards the loop keeps. Null for a venue without any session.
    /// </summary>
    private async Task<LiveBoard?> BuildVenueAsync(string venue, bool fresh, CancellationToken ct)
    {
        List<(int Id, SessionState State, DateTimeOffset? EndedAt, string TimeZone, DateTimeOffset StartsAt)> sessions;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
        {
            var rows = await db.ExamSessions.AsNoTracking().Where(s => s.Venue == venue)
                .Select(s => new { s.Id, s.State, s.EndedAt, s.TimeZone, s.StartsAt, s.Code }).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return null;
            }
            sessions = [.. rows.Select(r => (r.Id, r.State, r.EndedAt, r.TimeZone, r.StartsAt))];
            foreach (var r in rows)
            {
                _keys[r.Id] = new SessionKeys(r.Code, venue);
            }
        }
        var now = _time.GetUtcNow();
        var shown = sessions
            .Where(s => s.State is SessionState.Running or SessionState.Paused
                || (s.State == SessionState.Ended && s.EndedAt is { } ended && LocalDate(ended, s.TimeZone) == LocalDate(now, s.TimeZone)))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .ToList();
        var boards = new List<LiveBoard>();
        foreach (var s in shown)
        {
            var board = !fresh && _sheets.TryGetValue(s.Id, out var kept) && kept.Board is { } latest ? latest : await BuildSessionAsync(s.Id, ct);
            if (board is not null)
            {
                boards.Add(board);
            }
        }
        var subtests = boards.SelectMany(b => b.Subtests).Distinct(StringComparer.Ordinal).ToList();
        return new LiveBoard(LiveBoard.VenueKind, venue, venue, [.. boards.SelectMany(b => b.Sessions)], subtests,
            [.. boards.SelectMany(b => b.Rows)], 0, now);
    }

    private static DateOnly LocalDate(DateTimeOffset at, string timeZone) => IndonesianTime.LocalDate(at, timeZone);

    private static Dictionary<string, int> Ordered(IReadOnlyList<string> subtests, Dictionary<string, int> stored)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in subtests.Where(stored.ContainsKey))
        {
            scores[code] = stored[code];
        }
        foreach (var (code, value) in stored.Where(s => !scores.ContainsKey(s.Key)))
        {
            scores[code] = value;
        }
        return scores;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan nilai langsung sesi {SessionId} gagal dibangun")]
    private static partial void LogBuildFailed(ILogger logger, int sessionId, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Putaran papan nilai langsung gagal")]
    private static partial void LogLoopFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Papan nilai langsung sesi {Code} dibangun ulang: {Rows} baris dalam {Milliseconds:0.0} ms")]
    private static partial void LogRebuilt(ILogger logger, string code, int rows, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan nilai langsung {Feed} gagal dikirim")]
    private static partial void LogPushFailed(ILogger logger, string feed, Exception e);

    private sealed record SessionKeys(string Code, string Venue);

    /// <summary>An attempt as the board reads it from the database each rebuild (no answers, no set text).</summary>
    private sealed record SeatHeader(
        int Id, string ParticipantNumber, string Name, CandidateCategory Category, AttemptState State, bool HasSet,
        Dictionary<string, int>? Scores, int? Total, bool? Passed, string? EndedBy, bool LoggedIn);

    /// <summary>
    /// What the board of one watched session is built from, per attempt: its question set, its
    /// answer sheet and count. Read from the database once per attempt, then replaced by the
    /// copies the writer hands over at each commit (<see cref="Notes"/>, applied in commit order:
    /// a copy older than what was read is followed in the queue by the newer one). One build at a
    /// time (<see cref="Gate"/>).
    /// </summary>
    private sealed class SessionSheets
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<int, Seat> Seats { get; } = [];

        public ConcurrentQueue<SheetNote> Notes { get; } = new();

        /// <summary>The last board built (the venue boards reuse it).</summary>
        public volatile LiveBoard? Board;

        /// <summary>Reads the set and answers of attempts not known yet (all of them the first time), and of running ones whose set was drawn since.</summary>
        public async Task LoadMissingAsync(AsnCatDb db, ExamMaterial material, List<SeatHeader> attempts, CancellationToken ct)
        {
            var missing = attempts
                .Where(a => !Seats.TryGetValue(a.Id, out var seat) || (a.HasSet && a.State == AttemptState.Running && seat.Set is null))
                .Select(a => a.Id)
                .ToList();
            if (missing.Count == 0)
            {
                return;
            }
            var sets = await db.Attempts.AsNoTracking()
                .Where(a => missing.Contains(a.Id) && a.State == AttemptState.Running && a.SetText != null)
                .Select(a => new { a.Id, a.SetText })
                .ToDictionaryAsync(a => a.Id, a => a.SetText!, ct);
            var answers = await db.Answers.AsNoTracking().Where(x => missing.Contains(x.AttemptId) && x.Option != null)
                .Select(x => new { x.AttemptId, x.Position, Option = x.Option!.Value })
                .ToListAsync(ct);
            var loaded = new Dictionary<int, Seat>(missing.Count);
            foreach (var id in missing)
            {
                var seat = new Seat();
                if (sets.TryGetValue(id, out var text))
                {
                    seat.Set = material.Pool.Parse(text);
                    seat.Options = new sbyte[seat.Set.Count];
                    Array.Fill(seat.Options, AnswerKey.Blank);
                }
                loaded[id] = seat;
            }
            var questions = material.Blueprint.TotalItems;
            foreach (var x in answers)
            {
                if (x.Position < 0 || x.Position >= questions || !loaded.TryGetValue(x.AttemptId, out var seat))
                {
                    continue;
                }
                seat.Answered++;
                if (seat.Options is { } options && x.Position < options.Length)
                {
                    options[x.Position] = (sbyte)x.Option;
                }
            }
            foreach (var (id, seat) in loaded)
            {
                Seats[id] = seat;
            }
        }

        /// <summary>Takes every copy the writer handed over since the last build.</summary>
        public void ApplyNotes()
        {
            while (Notes.TryDequeue(out var note))
            {
                if (!Seats.TryGetValue(note.AttemptId, out var seat))
                {
                    Seats[note.AttemptId] = seat = new Seat();
                }
                seat.Take(note);
            }
        }
    }

    /// <summary>One attempt on a kept board: its set and sheet while it runs (scored once per change), its answer count always.</summary>
    private sealed class Seat
    {
        private ScoreCard? _card;

        public QuestionSet? Set { get; set; }

        public sbyte[]? Options { get; set; }

        public int Answered { get; set; }

        /// <summary>The provisional score of the sheet (computed once per change); null without a set.</summary>
        public ScoreCard? Card(ExamMaterial material) =>
            Set is null || Options is null ? null : _card ??= material.Key.Score(Set, Options);

        public void Take(SheetNote note)
        {
            Set = note.Set;
            Options = note.Options;
            Answered = note.Answered;
            _card = null;
        }

        /// <summary>A finished attempt shows its stored result: only its count is kept.</summary>
        public void Finish()
        {
            Set = null;
            Options = null;
            _card = null;
        }
    }

    /// <summary>A copy of one attempt's sheet as one commit left it, taken on the writer's loop.</summary>
    private sealed record SheetNote(int AttemptId, QuestionSet? Set, sbyte[]? Options, int Answered)
    {
        public static SheetNote Of(AttemptRuntime attempt)
        {
            var answered = 0;
            sbyte[]? options = null;
            if (attempt is { State: AttemptState.Running, Set: not null })
            {
                options = new sbyte[attempt.Options.Length];
            }
            for (var i = 0; i < attempt.Options.Length; i++)
            {
                if (attempt.Options[i] is not null)
                {
                    answered++;
                }
                if (options is not null)
                {
                    options[i] = attempt.Options[i] is { } chosen ? (sbyte)chosen : AnswerKey.Blank;
                }
            }
            return new SheetNote(attempt.Id, options is null ? null : attempt.Set, options, answered);
        }
    }

    /// <summary>
    /// One board's watchers: in-process callbacks and a count of hub connections in its group.
    /// The callbacks get whole boards; the group gets patches, each from the board it last got
    /// (<see cref="_sent"/>) to the newest. At most one push is in flight: a board rebuilt while
    /// the previous push is still being written waits, and only the newest goes out, as one patch
    /// (a slow observer never stalls the loop).
    /// </summary>
    private sealed class Feed(string kind, string subject, Action unwatched)
    {
        private readonly Lock _lock = new();
        private List<Func<LiveBoard, Task>> _local = [];
        private int _hubWatchers;
        private long _version;
        private LiveBoard? _sent;
        private bool _due;
        private bool _sending;

        public string Kind { get; } = kind;

        public string Subject { get; } = subject;

        public string Group { get; } = LiveHubContract.Group(kind, subject);

        public volatile LiveBoard? Latest;

        public bool IsWatched => _local.Count > 0 || Volatile.Read(ref _hubWatchers) > 0;

        public void Add(Func<LiveBoard, Task> onBoard)
        {
            lock (_lock)
            {
                _local = [.. _local, onBoard];
            }
        }

        public void Remove(Func<LiveBoard, Task> onBoard)
        {
            lock (_lock)
            {
                _local = [.. _local.Where(x => x != onBoard)];
                ForgetIfUnwatched();
            }
        }

        public void Join() => Interlocked.Increment(ref _hubWatchers);

        public void Leave()
        {
            lock (_lock)
            {
                if (Interlocked.Decrement(ref _hubWatchers) < 0)
                {
                    Interlocked.Exchange(ref _hubWatchers, 0);
                }
                ForgetIfUnwatched();
            }
        }

        private Task<LiveBoard?>? _firstBuild;

        /// <summary>The build under way for watchers that found no board, or <paramref name="build"/> started now; forgotten once done.</summary>
        public Task<LiveBoard?> FirstBuild(Func<Task<LiveBoard?>> build)
        {
            lock (_lock)
            {
                if (_firstBuild is { } running)
                {
                    return running;
                }
                var task = build();
                _firstBuild = task;
                _ = task.ContinueWith(_ =>
                {
                    lock (_lock)
                    {
                        if (_firstBuild == task)
                        {
                            _firstBuild = null;
                        }
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return task;
            }
        }

        /// <summary>A board built for a late watcher when none was kept: becomes the latest (and the patches' base), not pushed.</summary>
        public void Seed(LiveBoard board)
        {
            lock (_lock)
            {
                if (Latest is null && IsWatched)   // the watcher may have left while it was built
                {
                    Latest = board with { Version = ++_version };
                    _sent = Latest;
                }
            }
        }

        /// <summary>
        /// A rebuilt board: the latest from now on, pushed by the loop's push pass; unless nothing
        /// an observer sees changed (a commit that only read the session, e.g. the deadline
        /// sweep), then nothing is pushed.
        /// </summary>
        public void Publish(LiveBoard board)
        {
            lock (_lock)
            {
                // a board built while the last watcher left is not kept (nothing would ever clear it)
                if (!IsWatched || (Latest is { } latest && LiveBoardPatches.Diff(latest, board).IsEmpty))
                {
                    return;
                }
                Latest = board with { Version = ++_version };
                _sent ??= Latest;   // hub watchers joined on a board built for them: nothing older to patch
                _due = true;
            }
        }

        public void PushIfDue(IHubContext<LiveHub, ILiveClient> hub, ILogger logger)
        {
            LiveBoard board;
            LiveBoard from;
            List<Func<LiveBoard, Task>> local;
            lock (_lock)
            {
                if (!_due || _sending || Latest is null || _sent is null)
                {
                    return;
                }
                _due = false;
                _sending = true;
                (board, from, local) = (Latest, _sent, _local);
                _sent = board;
            }
            _ = SendAsync(hub, logger, from, board, local);
        }

        private async Task SendAsync(IHubContext<LiveHub, ILiveClient> hub, ILogger logger, LiveBoard from, LiveBoard board, List<Func<LiveBoard, Task>> local)
        {
            try
            {
                foreach (var watcher in local)
                {
                    try
                    {
                        await watcher(board);
                    }
                    catch (ObjectDisposedException)
                    {
                        // a closed circuit; its subscription goes with its component
                    }
                }
                var patch = LiveBoardPatches.Diff(from, board);
                if (Volatile.Read(ref _hubWatchers) > 0 && !patch.IsEmpty)
                {
                    // serialized once per protocol by SignalR, written to every connection in the group
                    await hub.Clients.Group(Group).Patch(patch);
                }
            }
            catch (Exception e)
            {
                LogPushFailed(logger, Group, e);
            }
            finally
            {
                lock (_lock)
                {
                    _sending = false;
                }
            }
            PushIfDue(hub, logger);   // a board published while this one was being written
        }

        // an unwatched feed is not rebuilt, so what it holds would go stale
        private void ForgetIfUnwatched()
        {
            if (!IsWatched)
            {
                Latest = null;
                _sent = null;
                unwatched();
            }
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                action();
            }
        }
    }
}
