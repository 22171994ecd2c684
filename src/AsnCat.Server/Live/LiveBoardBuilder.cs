using System.Collections.Concurrent;
using AsnCat.Contracts.Live;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Live;

/// <summary>
/// Builds the boards from the database: a session's (its candidates, states and stored results
/// read each time; the answers of a watched session from the <see cref="SheetCache"/>) and a
/// venue's (the sessions shown there today, each session's board reused or built). One score
/// source: a finished candidate shows exactly the stored <c>Attempt.Scores</c>, <c>Total</c> and
/// <c>Passed</c> (what is published); a running candidate a provisional score of the answers
/// stored so far, scored with the session's key exactly as the writer scores the finish.
/// </summary>
/// <param name="isWatched">Whether anyone watches a session (by code) or its venue: its sheets are then kept.</param>
internal sealed class LiveBoardBuilder(
    IDbContextFactory<AsnCatDb> dbFactory, ExamMaterials materials, TimeProvider time, SheetCache sheetCache, Func<string, string, bool> isWatched)
{
    private readonly SheetCache _sheets = sheetCache;
    // what is known of a session: its code and venue (to find its feeds)
    private readonly ConcurrentDictionary<int, SessionKeys> _keys = new();

    /// <summary>The code and venue of a session built or looked up before; null when none was.</summary>
    public SessionKeys? KnownKeys(int sessionId) => _keys.GetValueOrDefault(sessionId);

    /// <summary>The code and venue of a session, read from the database when not known yet; null for an unknown session.</summary>
    public async Task<SessionKeys?> KeysAsync(int sessionId, CancellationToken ct)
    {
        if (_keys.TryGetValue(sessionId, out var keys))
        {
            return keys;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => new { s.Code, s.Venue }).SingleOrDefaultAsync(ct);
        return row is null ? null : _keys[sessionId] = new SessionKeys(row.Code, row.Venue);
    }

    /// <summary>A board of either kind; null when the kind or the subject is unknown. <paramref name="fresh"/>: see <see cref="BuildVenueAsync"/>.</summary>
    public Task<LiveBoard?> BuildAsync(string kind, string subject, bool fresh, CancellationToken ct) => kind switch
    {
        LiveBoard.SessionKind => BuildSessionByCodeAsync(subject, ct),
        LiveBoard.VenueKind => BuildVenueAsync(subject, fresh, ct),
        _ => Task.FromResult<LiveBoard?>(null),
    };

    private async Task<LiveBoard?> BuildSessionByCodeAsync(string code, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.ExamSessions.AsNoTracking().Where(s => s.Code == code).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await BuildSessionAsync(id.Value, ct);
    }

    /// <summary>
    /// A session a registered venue runs (docs/national.md, "Progress"): the centre builds no board
    /// of its own, it serves the newest board the venue sent (empty until one arrives).
    /// </summary>
    private async Task<LiveBoard> VenueBoardAsync(AsnCatDb db, int sessionId, string code, LiveSession session, CancellationToken ct)
    {
        var json = await db.VenueBoards.AsNoTracking().Where(b => b.ExamSessionId == sessionId).Select(b => b.Json).SingleOrDefaultAsync(ct);
        var sent = json is null ? null : System.Text.Json.JsonSerializer.Deserialize<LiveBoard>(json, System.Text.Json.JsonSerializerOptions.Web);
        return sent is null
            ? new LiveBoard(LiveBoard.SessionKind, code, session.Venue, [session], [], [], 0, time.GetUtcNow())
            : sent with { Kind = LiveBoard.SessionKind, Subject = code };
    }

    /// <summary>
    /// How often a watched session's candidates are all read again although no commit named them:
    /// a change made outside the exam writer (a name corrected, a candidate added) shows within this.
    /// </summary>
    public static readonly TimeSpan ReadAllEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Every candidate of one session, scored; null for an unknown session. The board is kept up
    /// to date from the writer's commits: the answers of a watched session are read once, then
    /// taken from the copies each commit hands over (<see cref="SessionSheets"/>), and of its
    /// candidates (states, stored results, logins) only those the commits since the last build
    /// named are read again, with their rows; everyone is read again every
    /// <see cref="ReadAllEvery"/> and on the first build. A one-off build reads everything. Stored
    /// results stay the one score source of what is published.
    /// </summary>
    public async Task<LiveBoard?> BuildSessionAsync(int sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.Id, s.Code, s.Venue, s.Room, s.TimeZone, s.State, s.StartsAt, s.NationalVenueId }).SingleOrDefaultAsync(ct);
        if (session is null)
        {
            return null;
        }
        _keys[sessionId] = new SessionKeys(session.Code, session.Venue);
        // a venue's session until its bundle is accepted (then its results are the centre's own rows)
        if (session.NationalVenueId is not null && session.State != SessionState.Ended)
        {
            return await VenueBoardAsync(db, session.Id, session.Code, new LiveSession(session.Code, session.Venue, session.Room, session.TimeZone, session.State.Label(), session.StartsAt), ct);
        }
        // a watched session's sheets are kept (and fed by commits from now on); a one-off build starts from nothing
        var sheets = _sheets.For(sessionId, keep: isWatched(session.Code, session.Venue));
        await sheets.Gate.WaitAsync(ct);
        try
        {
            var material = await materials.ForSessionAsync(sessionId, ct);
            var subtests = material.Blueprint.Subtests.Select(s => s.Code).ToList();
            var now = time.GetUtcNow();
            if (sheets.Board is not { } previous || now - sheets.ReadAllAt >= ReadAllEvery)
            {
                return await BuildAllAsync();
            }
            var noted = sheets.ApplyNotes();
            var changed = noted.Count == 0 ? []
                : await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId && noted.Contains(a.Id)).Select(Header).ToListAsync(ct);
            await sheets.LoadMissingAsync(db, material, changed, ct);
            List<LiveRow> rows = [.. previous.Rows];
            foreach (var a in changed)
            {
                if (!sheets.Places.TryGetValue(a.Id, out var place))
                {
                    return await BuildAllAsync();   // a candidate added since: everyone's place may move
                }
                rows[place] = Row(session.Code, material, subtests, sheets, a);
            }
            return Keep(changed, rows);

            async Task<LiveBoard> BuildAllAsync()
            {
                var all = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId).Select(Header).ToListAsync(ct);
                await sheets.LoadMissingAsync(db, material, all, ct);
                sheets.ApplyNotes();
                all.Sort((x, y) => string.CompareOrdinal(x.ParticipantNumber, y.ParticipantNumber));
                sheets.KeepAll(all, now);
                return Keep(all, [.. all.Select(a => Row(session.Code, material, subtests, sheets, a))]);
            }

            LiveBoard Keep(List<SeatHeader> read, List<LiveRow> boardRows)
            {
                // a finished attempt's sheet is not scored again: only its count is kept
                foreach (var a in read.Where(a => a.State == AttemptState.Finished))
                {
                    sheets.Seats.GetValueOrDefault(a.Id)?.Finish();
                }
                var live = new LiveSession(session.Code, session.Venue, session.Room, session.TimeZone, session.State.Label(), session.StartsAt);
                var board = new LiveBoard(LiveBoard.SessionKind, session.Code, session.Venue, [live], subtests, boardRows, 0, now);
                sheets.Board = board;
                return board;
            }
        }
        finally
        {
            sheets.Gate.Release();
        }
    }

    private static readonly System.Linq.Expressions.Expression<Func<Attempt, SeatHeader>> Header = a => new SeatHeader(
        a.Id, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Category, a.State, a.SetText != null,
        a.Scores, a.Total, a.Passed, a.EndedBy, a.TokenHash != null, a.Candidate.Formation!.Position);

    /// <summary>
    /// One candidate's row. A finished candidate shows the stored result exactly (the one score
    /// source of what is published); a running one the provisional score of the answers stored so far.
    /// </summary>
    private static LiveRow Row(string code, ExamMaterial material, List<string> subtests, SessionSheets sheets, SeatHeader a)
    {
        var drawn = a.HasSet ? material.Blueprint.TotalItems : 0;
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
            return new LiveRow(code, a.ParticipantNumber, a.Name, a.Scores is null ? null : Ordered(subtests, a.Scores),
                a.Total, a.Passed, count, drawn, state, Final: true);
        }
        // the session's start draws every set; a candidate who has not logged in (and has
        // nothing stored) has not started, whatever the attempt's state
        if (a.State != AttemptState.Running || seat?.Card(material) is not { } card || (!a.LoggedIn && count == 0))
        {
            return new LiveRow(code, a.ParticipantNumber, a.Name, null, null, null, count, drawn, LiveStates.NotStarted, Final: false);
        }
        var category = CandidateCategories.Code(a.Category);
        var c = material.Thresholds.CategoryIndex(category);
        // unknown until the results say so: a category the set lacks, or a position missing from its table
        bool? passed = c < 0 || (material.Thresholds.NeedsPosition(c) && material.Thresholds.PositionIndex(a.Position) < 0)
            ? null : material.Thresholds.Evaluate(category, card, a.Position).Passed;
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < subtests.Count; i++)
        {
            scores[subtests[i]] = card.Subtests[i];
        }
        return new LiveRow(code, a.ParticipantNumber, a.Name, scores, card.Total, passed, count, drawn, LiveStates.Answering, Final: false);
    }

    /// <summary>
    /// Every running or paused session at the venue and those that ended today (in the session's
    /// own time zone). <paramref name="fresh"/>: rebuild every session rather than reuse the
    /// boards the loop keeps. Null for a venue without any session.
    /// </summary>
    public async Task<LiveBoard?> BuildVenueAsync(string venue, bool fresh, CancellationToken ct)
    {
        List<(int Id, SessionState State, DateTimeOffset? EndedAt, string TimeZone, DateTimeOffset StartsAt)> sessions;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
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
        var now = time.GetUtcNow();
        var shown = sessions
            .Where(s => s.State is SessionState.Running or SessionState.Paused
                || (s.State == SessionState.Ended && s.EndedAt is { } ended && LocalDate(ended, s.TimeZone) == LocalDate(now, s.TimeZone)))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .ToList();
        var boards = new List<LiveBoard>();
        foreach (var s in shown)
        {
            var board = (fresh ? null : _sheets.Board(s.Id)) ?? await BuildSessionAsync(s.Id, ct);
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
}

/// <summary>A session's code and venue: the subjects of the feeds it appears on.</summary>
internal sealed record SessionKeys(string Code, string Venue);
