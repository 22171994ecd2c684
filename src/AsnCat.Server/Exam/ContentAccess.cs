using System.Collections.Concurrent;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Exam;

/// <summary>
/// Who may fetch a session's shared item content (docs/protocol.md, "ExamSet"): the access name
/// in its URL is handed out only in login replies of that session, and content is served only
/// while the session is open (opened, running or paused). The session's state is read from the
/// database at most once per second per session, so a start with thousands of terminals costs
/// the database nothing.
/// </summary>
public sealed class ContentAccess(Secrets secrets, IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time)
{
    private static readonly TimeSpan StateFresh = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (bool Open, long CheckedAt)> _open = new();

    /// <summary>The content URL of a session's sets: <c>/exam/content/{access}/</c>.</summary>
    public string UrlFor(int sessionId)
    {
        var key = secrets.ContentKey(sessionId);
        _sessions.TryAdd(key, sessionId);
        return $"{ExamHub.ContentRoot}/{key}/";
    }

    /// <summary>The open session <paramref name="access"/> names, or null (unknown name, or the session is not open).</summary>
    public async Task<int?> OpenSessionAsync(string access, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(access, out var sessionId))
        {
            return null;
        }
        if (_open.TryGetValue(sessionId, out var known) && time.GetElapsedTime(known.CheckedAt) < StateFresh)
        {
            return known.Open ? sessionId : null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => (SessionState?)s.State).SingleOrDefaultAsync(ct);
        var open = state is SessionState.Open or SessionState.Running or SessionState.Paused;
        _open[sessionId] = (open, time.GetTimestamp());
        return open ? sessionId : null;
    }
}
