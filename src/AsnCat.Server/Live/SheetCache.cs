using System.Collections.Concurrent;
using AsnCat.Contracts.Live;
using AsnCat.Server.Exam;

namespace AsnCat.Server.Live;

/// <summary>
/// The answer sheets of watched sessions (<see cref="SessionSheets"/>), kept so that a rebuild
/// scores only the sheets that changed: fed by the writer's commits, dropped when no one watches
/// the session any more (they would go stale; watching again reads them afresh).
/// </summary>
internal sealed class SheetCache
{
    private readonly ConcurrentDictionary<int, SessionSheets> _sheets = new();

    /// <summary>Sessions whose sheets are kept.</summary>
    public int Count => _sheets.Count;

    /// <summary>A commit left this attempt so: queued for the next build of its session's board when that session's sheets are kept.</summary>
    public void Note(AttemptRuntime attempt)
    {
        if (_sheets.TryGetValue(attempt.SessionId, out var sheets))
        {
            sheets.Notes.Enqueue(SheetNote.Of(attempt));
        }
    }

    /// <summary>The kept sheets of a watched session (kept from now on, and fed by commits), or new ones for a one-off build.</summary>
    public SessionSheets For(int sessionId, bool keep) =>
        keep ? _sheets.GetOrAdd(sessionId, _ => new SessionSheets()) : new SessionSheets();

    /// <summary>The last board built from a session's kept sheets; null when none is kept.</summary>
    public LiveBoard? Board(int sessionId) => _sheets.TryGetValue(sessionId, out var kept) ? kept.Board : null;

    /// <summary>Drops the sheets of the sessions <paramref name="unwatched"/> says no one watches.</summary>
    public void Forget(Func<int, bool> unwatched)
    {
        foreach (var id in _sheets.Keys)
        {
            if (unwatched(id))
            {
                _sheets.TryRemove(id, out _);
            }
        }
    }
}
