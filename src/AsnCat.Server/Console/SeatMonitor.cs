using System.Collections.Concurrent;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Console;

public sealed record SeatView(
    int AttemptId, int? Seat, string ParticipantNumber, string Name, string Category, SeatState State,
    DateTimeOffset? DisconnectedSince, int Answered, int Questions, DateTimeOffset? Deadline, DateTimeOffset? PausedAt, int ExtraMinutes,
    string? EndedBy, int? Total, bool? Passed, bool LockedOut);

public sealed record SessionBoard(
    int SessionId, string Code, string Venue, string? Room, string TimeZone, SessionState State, DateTimeOffset? PausedAt,
    IReadOnlyList<SeatView> Seats, DateTimeOffset BuiltAt, DateTimeOffset StartsAt)
{
    public int Count(SeatState state) => Seats.Count(s => s.State == state);
}

/// <summary>
/// The live seat boards behind the proctor monitor. The writer reports which sessions each
/// commit touched and the exam hub reports terminals connecting and dropping; a session with
/// watchers is rebuilt from the database at most every <see cref="Interval"/> and pushed to them.
/// A late watcher gets the current board at once. Thousands of answers a second cost one query
/// per watched session per interval, whatever the number of proctors watching it.
/// </summary>
public sealed partial class SeatMonitor : BackgroundService, ITerminalPresence
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly IDbContextFactory<AsnCatDb> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<SeatMonitor> _logger;
    private readonly DateTimeOffset _startedAt;
    private readonly ConcurrentDictionary<int, byte> _dirty = new();
    private readonly ConcurrentDictionary<int, Watchers> _watched = new();
    // connections per attempt (a terminal may briefly hold two while reconnecting) and when the
    // last one dropped; a finished attempt's entry goes with its last connection (a soak showed
    // one entry per candidate left behind)
    private readonly Lock _presenceLock = new();
    private readonly Dictionary<int, Presence> _presence = [];

    public SeatMonitor(IDbContextFactory<AsnCatDb> dbFactory, ExamWriter writer, TimeProvider time, ILogger<SeatMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _dbFactory = dbFactory;
        _time = time;
        _logger = logger;
        _startedAt = time.GetUtcNow();
        writer.Committed += note =>
        {
            foreach (var id in note.Sessions)
            {
                Touch(id);
            }
            foreach (var attempt in note.Attempts.Where(a => a.State == AttemptState.Finished))
            {
                Finished(attempt.Id);
            }
        };
    }

    /// <summary>Watches a session: <paramref name="onBoard"/> gets the current board at once and every change after; dispose to stop.</summary>
    public async Task<IDisposable> WatchAsync(int sessionId, Func<SessionBoard, Task> onBoard, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(onBoard);
        var watchers = _watched.GetOrAdd(sessionId, _ => new Watchers());
        var subscription = watchers.Add(onBoard);
        var board = watchers.Latest ?? await BuildAsync(sessionId, ct);
        if (board is not null)
        {
            watchers.Latest ??= board;
            await onBoard(board);
        }
        return new Unsubscribe(() =>
        {
            watchers.Remove(subscription);
        });
    }

    public void Touch(int sessionId) => _dirty[sessionId] = 0;

    /// <param name="finished">The attempt has already ended: forget its presence once its last terminal leaves.</param>
    public void Connected(int attemptId, int sessionId, string connectionId, bool finished = false)
    {
        lock (_presenceLock)
        {
            _presence[attemptId] = _presence.TryGetValue(attemptId, out var p)
                ? p.With(connectionId) with { Done = p.Done || finished }
                : new Presence([connectionId], null, Done: finished);
        }
        Touch(sessionId);
    }

    public void Disconnected(int attemptId, int sessionId, string connectionId)
    {
        var now = _time.GetUtcNow();
        lock (_presenceLock)
        {
            if (_presence.TryGetValue(attemptId, out var p))
            {
                var left = p.Without(connectionId, now);
                if (left is { Done: true, Connections.Count: 0 })
                {
                    _presence.Remove(attemptId);
                }
                else
                {
                    _presence[attemptId] = left;
                }
            }
        }
        Touch(sessionId);
    }

    /// <summary>The attempt finished: its presence is forgotten once no terminal holds it (a finished seat shows no connection state).</summary>
    private void Finished(int attemptId)
    {
        lock (_presenceLock)
        {
            if (_presence.TryGetValue(attemptId, out var p))
            {
                if (p.Connections.Count == 0)
                {
                    _presence.Remove(attemptId);
                }
                else
                {
                    _presence[attemptId] = p with { Done = true };
                }
            }
        }
    }

    /// <summary>Attempts whose terminal presence is remembered (for the runtime view and the soak).</summary>
    public int PresenceCount
    {
        get
        {
            lock (_presenceLock)
            {
                return _presence.Count;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var sessionId in _dirty.Keys)
            {
                _dirty.TryRemove(sessionId, out _);
                if (!_watched.TryGetValue(sessionId, out var watchers) || watchers.IsEmpty)
                {
                    continue;
                }
                try
                {
                    var board = await BuildAsync(sessionId, stoppingToken);
                    if (board is not null)
                    {
                        watchers.Latest = board;
                        await watchers.PublishAsync(board);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogBuildFailed(_logger, sessionId, e);
                    _dirty[sessionId] = 0;
                }
            }
        }
    }

    private async Task<SessionBoard?> BuildAsync(int sessionId, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.Id, s.Code, s.Venue, s.Room, s.TimeZone, s.State, s.PausedAt, s.StartsAt }).SingleOrDefaultAsync(ct);
        if (session is null)
        {
            return null;
        }
        var now = _time.GetUtcNow();
        var rows = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Select(a => new
            {
                a.Id, a.Seat, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Category, a.State, a.SetText,
                a.TokenHash, a.Deadline, a.PausedAt, a.ExtraMinutes, a.EndedBy, a.Total, a.Passed, a.LockedUntil,
                Answered = a.Answers.Count(x => x.Option != null),
            })
            .ToListAsync(ct);
        var seats = rows
            .Select(a =>
            {
                Presence? presence;
                lock (_presenceLock)
                {
                    presence = _presence.GetValueOrDefault(a.Id);
                }
                var online = presence is { Connections.Count: > 0 };
                var state = a.State switch
                {
                    AttemptState.Finished => SeatStates.Ended(a.EndedBy),
                    AttemptState.Running when a.PausedAt is not null => SeatState.Paused,
                    _ when a.TokenHash is null => SeatState.NotLoggedIn,
                    _ when !online => SeatState.Disconnected,
                    AttemptState.Running => SeatState.Answering,
                    _ => SeatState.Waiting,
                };
                DateTimeOffset? since = state == SeatState.Disconnected ? presence?.DroppedAt ?? _startedAt : null;
                var questions = a.SetText is null ? 0 : a.SetText.Count(c => c == ' ') + 1;
                return new SeatView(a.Id, a.Seat, a.ParticipantNumber, a.Name, Data.CandidateCategories.Code(a.Category), state, since,
                    a.Answered, questions, a.Deadline, a.PausedAt, a.ExtraMinutes, a.EndedBy, a.Total, a.Passed, a.LockedUntil > now);
            })
            .OrderBy(s => s.Seat ?? int.MaxValue).ThenBy(s => s.ParticipantNumber, StringComparer.Ordinal)
            .ToList();
        return new SessionBoard(session.Id, session.Code, session.Venue, session.Room, session.TimeZone, session.State, session.PausedAt, seats, now, session.StartsAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan pengawasan sesi {SessionId} gagal dibangun")]
    private static partial void LogBuildFailed(ILogger logger, int sessionId, Exception e);

    private sealed record Presence(List<string> Connections, DateTimeOffset? DroppedAt, bool Done)
    {
        public Presence With(string connectionId) => this with { Connections = [.. Connections.Where(c => c != connectionId), connectionId], DroppedAt = null };

        public Presence Without(string connectionId, DateTimeOffset now)
        {
            var left = Connections.Where(c => c != connectionId).ToList();
            return this with { Connections = left, DroppedAt = left.Count == 0 ? now : null };
        }
    }

    private sealed class Watchers
    {
        private readonly Lock _lock = new();
        private List<Func<SessionBoard, Task>> _list = [];

        public volatile SessionBoard? Latest;

        public bool IsEmpty => _list.Count == 0;

        public Func<SessionBoard, Task> Add(Func<SessionBoard, Task> onBoard)
        {
            lock (_lock)
            {
                _list = [.. _list, onBoard];
            }
            return onBoard;
        }

        public void Remove(Func<SessionBoard, Task> onBoard)
        {
            lock (_lock)
            {
                _list = [.. _list.Where(x => x != onBoard)];
                if (_list.Count == 0)
                {
                    Latest = null;
                }
            }
        }

        public async Task PublishAsync(SessionBoard board)
        {
            foreach (var watcher in _list)
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
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
