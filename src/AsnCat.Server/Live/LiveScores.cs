using System.Collections.Concurrent;
using System.Diagnostics;
using AsnCat.Contracts.Live;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
/// This class is the coalescing loop; the boards are built by <see cref="LiveBoardBuilder"/>
/// from the answer sheets the <see cref="SheetCache"/> keeps (scored with the session's key by
/// <see cref="AnswerKey.Score(QuestionSet, ReadOnlySpan{sbyte})"/> exactly as the writer scores
/// the finish), and reach their watchers through <see cref="LiveFeeds"/>.
/// </para>
/// </summary>
public sealed partial class LiveScores : BackgroundService
{
    /// <summary>
    /// The default least time between two rebuilds (pushes) of one board; <c>Live:PushInterval</c>
    /// (<see cref="LiveOptions"/>) changes it. Half a second: an answer waits for the next push
    /// up to this long, and observers' staleness must stay under a second at p99 with delivery on
    /// top (issue #20; one push a second gave p99 1.1-1.2 s, README "Live observers").
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly TimeSpan _interval;

    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveScores> _logger;
    private readonly SheetCache _sheets = new();
    private readonly LiveBoardBuilder _builder;
    private readonly LiveFeeds _feeds;
    private readonly ConcurrentDictionary<int, byte> _dirty = new();
    // when each session / venue board was last rebuilt by the loop (the coalescing clock)
    private readonly ConcurrentDictionary<int, DateTimeOffset> _sessionBuiltAt = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _venueBuiltAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyVenues = new(StringComparer.Ordinal);
    // completed by a commit; replaced by the loop before each pass (a commit after that wakes the next wait)
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveScores(IDbContextFactory<AsnCatDb> dbFactory, ExamMaterials materials, ExamWriter writer, IHubContext<LiveHub, ILiveClient> hub,
        TimeProvider time, IOptions<LiveOptions> options, ILogger<LiveScores> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _interval = options.Value.PushInterval;   // at least 100 ms: LiveOptions is checked at start
        _hub = hub;
        _time = time;
        _logger = logger;
        _builder = new LiveBoardBuilder(dbFactory, materials, time, _sheets, (code, venue) => _feeds!.IsWatched(code, venue));
        _feeds = new LiveFeeds(dbFactory, time, _interval, _builder.BuildAsync, Wake);
        writer.Committed += note =>
        {
            foreach (var id in note.Sessions)
            {
                _dirty[id] = 0;
            }
            foreach (var attempt in note.Attempts)
            {
                _sheets.Note(attempt);
            }
            Wake();
        };
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// A session changed outside this server's exam writer (a venue's board arrived at the centre):
    /// rebuilt and pushed to its watchers as after a commit.
    /// </summary>
    public void Touch(int sessionId)
    {
        _dirty[sessionId] = 0;
        Wake();
    }

    /// <summary>Sessions whose answer sheets are kept for their boards (the runtime view shows it: 0 once no one watches).</summary>
    public int SessionsKept => _sheets.Count;

    /// <summary>Boards built by the loop (for tests and the load run: coalescing shows here).</summary>
    public long Rebuilds => Interlocked.Read(ref _rebuilds);

    private long _rebuilds;

    /// <summary>The session's board now: the watched one, or one built at most a push interval ago; null for an unknown code.</summary>
    public Task<LiveBoard?> SessionBoardAsync(string code, CancellationToken ct = default) =>
        BoardAsync(LiveBoard.SessionKind, code, ct);

    /// <summary>A board now: the watched one, or one built at most a push interval ago; null when unknown.</summary>
    public Task<LiveBoard?> BoardAsync(string kind, string subject, CancellationToken ct = default) =>
        _feeds.BoardAsync(kind, subject, ct);

    /// <summary>
    /// Watches a board in process: <paramref name="onBoard"/> gets the current board at once and
    /// every rebuilt one after; dispose to stop. Null when the session or venue is unknown.
    /// </summary>
    public Task<IDisposable?> WatchAsync(string kind, string subject, Func<LiveBoard, Task> onBoard, CancellationToken ct = default) =>
        _feeds.WatchAsync(kind, subject, onBoard, ct);

    /// <summary>A hub connection starts watching: counted, and the current board returned; null when unknown.</summary>
    public Task<LiveBoard?> JoinAsync(string kind, string subject, CancellationToken ct = default) =>
        _feeds.JoinAsync(kind, subject, ct);

    /// <summary>A hub connection stopped watching (it disconnected).</summary>
    public void Leave(string kind, string subject) => _feeds.Leave(kind, subject);

    /// <summary>The last board pushed of a watched feed (null when none).</summary>
    public LiveBoard? Latest(string kind, string subject) => _feeds.Get(kind, subject)?.Latest;

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
            foreach (var feed in _feeds.All)
            {
                feed.PushIfDue(_hub, _logger);
            }
            // the sheets of sessions no one watches any more would go stale; watching again reads them afresh
            _sheets.Forget(id => _builder.KnownKeys(id) is not { } keys || !_feeds.IsWatched(keys.Code, keys.Venue));
        }
    }

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
                var sessionFeed = _feeds.Get(LiveBoard.SessionKind, keys.Code);
                var venueFeed = _feeds.Get(LiveBoard.VenueKind, keys.Venue);
                if (sessionFeed is not { IsWatched: true } && venueFeed is not { IsWatched: true })
                {
                    continue;   // its sheets, if any, go at the end of this pass
                }
                _sessionBuiltAt[id] = now;
                var started = Stopwatch.GetTimestamp();
                var board = await _builder.BuildSessionAsync(id, ct);
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
            if (_feeds.Get(LiveBoard.VenueKind, venue) is { IsWatched: true } feed
                && await _builder.BuildVenueAsync(venue, fresh: false, ct) is { } board)
            {
                Interlocked.Increment(ref _rebuilds);
                feed.Publish(board);
            }
        }
        return next;
    }

    /// <summary>The code and venue of a touched session; null when unknown or when no one watches anything (then it is not even looked up).</summary>
    private async Task<SessionKeys?> KeysAsync(int sessionId, CancellationToken ct) =>
        _builder.KnownKeys(sessionId) ?? (_feeds.IsEmpty ? null : await _builder.KeysAsync(sessionId, ct));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan nilai langsung sesi {SessionId} gagal dibangun")]
    private static partial void LogBuildFailed(ILogger logger, int sessionId, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Putaran papan nilai langsung gagal")]
    private static partial void LogLoopFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Papan nilai langsung sesi {Code} dibangun ulang: {Rows} baris dalam {Milliseconds:0.0} ms")]
    private static partial void LogRebuilt(ILogger logger, string code, int rows, double milliseconds);
}
