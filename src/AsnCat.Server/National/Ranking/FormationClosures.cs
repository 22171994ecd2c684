using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Ranking;

/// <param name="Force">Close although some sessions holding the formation's candidates have no accepted result.</param>
/// <param name="Reason">Why, required with <paramref name="Force"/> (e.g. "Lokasi B tidak pernah terhubung kembali; berita acara 12/2026").</param>
public sealed record CloseFormationRequest(bool Force, string? Reason);

/// <param name="PendingSessions">Sessions holding the formation's candidates without an accepted result when it was closed.</param>
public sealed record FormationClosureReply(string FormationCode, DateTimeOffset ClosedAt, string ClosedBy, bool Forced, string? Reason, IReadOnlyList<string> PendingSessions);

public enum CloseStatus
{
    Closed,
    UnknownFormation,
    AlreadyClosed,
    SessionsPending,
    ReasonMissing,
}

/// <param name="Closure">The closure made, or the one already there (<see cref="CloseStatus.AlreadyClosed"/>).</param>
public sealed record CloseResult(CloseStatus Status, FormationClosureReply? Closure, IReadOnlyList<string> PendingSessions);

/// <summary>
/// The committee closes a formation's SKD: from the next run its ranking is final. A session's
/// result is accepted when the centre holds its verified bundle (<see cref="ExamSession.BundleSha256"/>,
/// set by intake); a formation can be closed only when every session holding its candidates has
/// one, or when the committee forces it naming why. Closing and refusing are both audited.
/// </summary>
public sealed class FormationClosures(IDbContextFactory<AsnCatDb> dbs, TimeProvider time)
{
    public const int MaxReason = 1000;

    public async Task<CloseResult> CloseAsync(string formationCode, CloseFormationRequest request, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(formationCode);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var formation = await db.Formations.AsNoTracking().SingleOrDefaultAsync(f => f.Code == formationCode, ct);
        if (formation is null)
        {
            return new CloseResult(CloseStatus.UnknownFormation, null, []);
        }
        var existing = await db.FormationClosures.AsNoTracking().SingleOrDefaultAsync(c => c.FormationId == formation.Id, ct);
        if (existing is not null)
        {
            return new CloseResult(CloseStatus.AlreadyClosed, Reply(formation.Code, existing), []);
        }
        var reason = request.Reason?.Trim();
        if (request.Force && string.IsNullOrEmpty(reason) || reason?.Length > MaxReason)
        {
            return new CloseResult(CloseStatus.ReasonMissing, null, []);
        }
        var pending = await PendingSessionsAsync(db, formation.Id, ct);
        if (pending.Count > 0 && !request.Force)
        {
            await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.NationalRanking.FormationCloseRefused, formation.Code, new { pending }, ct);
            return new CloseResult(CloseStatus.SessionsPending, null, pending);
        }
        var closure = new FormationClosure
        {
            FormationId = formation.Id, ClosedAt = time.GetUtcNow(), ClosedBy = actor, Forced = pending.Count > 0,
            Reason = string.IsNullOrEmpty(reason) ? null : reason, PendingSessions = pending.Count > 0 ? string.Join(",", pending) : null,
        };
        db.FormationClosures.Add(closure);
        await db.SaveChangesAsync(ct);
        await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.NationalRanking.FormationClosed, formation.Code,
            new { forced = closure.Forced, reason = closure.Reason, pending }, ct);
        return new CloseResult(CloseStatus.Closed, Reply(formation.Code, closure), pending);
    }

    /// <summary>The codes (ordinal order) of the sessions holding the formation's candidates whose result the centre has not accepted.</summary>
    public static async Task<IReadOnlyList<string>> PendingSessionsAsync(AsnCatDb db, int formationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sessions = await db.Attempts.AsNoTracking().Where(a => a.Candidate!.FormationId == formationId)
            .Select(a => new { a.ExamSession!.Code, Accepted = a.ExamSession.BundleSha256 != null })
            .Distinct().ToListAsync(ct);
        return [.. sessions.Where(s => !s.Accepted).Select(s => s.Code).Order(StringComparer.Ordinal)];
    }

    private static FormationClosureReply Reply(string code, FormationClosure c) =>
        new(code, c.ClosedAt, c.ClosedBy, c.Forced, c.Reason, c.PendingSessions?.Split(',') ?? []);
}
