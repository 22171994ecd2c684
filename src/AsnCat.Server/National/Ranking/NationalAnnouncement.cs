using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Tool.Banks;
using AsnCat.Tool.National;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// A formation's national announcement (<see cref="PublicationKinds.National"/>): the newest run's
/// rows of the formation (<see cref="NationalResults"/>) as the public table, published through
/// <see cref="Publisher"/> like a venue's tables. It rests on the venue bundles of the sessions the
/// rows come from (<see cref="NationalBasis"/>), and it is final: refused until the committee has
/// closed the formation's SKD and a run made after the closure exists.
/// </summary>
public sealed class NationalAnnouncement(IDbContextFactory<AsnCatDb> dbs, NationalResults results, RulesCatalog rules) : IPublicationSource
{
    public string Kind => PublicationKinds.National;

    public async Task<PublicationDraft> DraftAsync(string subject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var formationId = await db.Formations.Where(f => f.Code == subject).Select(f => (int?)f.Id).SingleOrDefaultAsync(ct);
        var (found, why) = await results.ForFormationAsync(subject, ct);
        if (formationId is null || found is null)
        {
            // an unknown formation is not there (404); a missing run is a state to fix (409)
            return new(null, why, NotFound: formationId is null);
        }
        if (found.Rows.Count == 0)
        {
            return new(null, $"Formasi {subject} tidak memiliki baris dalam peringkat nasional versi {Number(found.RunId)}: belum ada pesertanya yang selesai ujian di sesi mana pun. Tidak ada yang dapat diumumkan.");
        }
        if (!found.Final)
        {
            var closed = await db.FormationClosures.AsNoTracking().AnyAsync(c => c.FormationId == formationId, ct);
            return new(null, closed
                ? $"SKD formasi {subject} sudah ditutup, tetapi peringkat nasional terbaru (versi {Number(found.RunId)}) disusun sebelum penutupan dan masih sementara. Susun peringkat baru (POST /api/national/ranking/runs), lalu publikasikan lagi."
                : $"SKD formasi {subject} belum ditutup: pengumuman nasional bersifat final, jadi peringkatnya belum dapat dipublikasikan. Tutup SKD formasi ini (POST /api/national/formations/{subject}/close), susun peringkat baru (POST /api/national/ranking/runs), lalu publikasikan.");
        }
        var rowsOfFormation = db.NationalRankingRows.AsNoTracking().Where(r => r.RunId == found.RunId && r.FormationId == formationId);
        var bundles = await BundlesAsync(db, rowsOfFormation.Select(r => r.SessionId), ct);
        var names = await rowsOfFormation
            .Join(db.Candidates, r => r.CandidateId, c => c.Id, (r, c) => new { r.ParticipantNumber, c.Name })
            .ToDictionaryAsync(x => x.ParticipantNumber, x => x.Name, StringComparer.Ordinal, ct);
        var set = found.ThresholdSet is null ? null : rules.Thresholds(found.ThresholdSet);
        var advance = set?.Ranking.Advance ?? RankingRule.DefaultAdvance;
        var subtests = set is null ? [] : SubtestColumn.Of(set.Blueprint);
        var rows = found.Rows.Select(r => new PublishedRow(r.ParticipantNumber,
        [
            Number(r.Rank), r.ParticipantNumber, names[r.ParticipantNumber], r.Category,
            .. found.Subtests.Select(s => r.Scores is { } scores ? Number(scores[s]) : ""), Number(r.Total),
            Threshold(r), Remark(r, advance),
        ])).ToList();
        var f = found.Formation;
        var exam = set is null ? "" : Standings.ExamName(set.Blueprint) + " ";
        var table = new PublishedTable(PublicationKinds.National, f.Code,
            $"Peringkat nasional {exam}formasi {f.Code}: {f.Position}, {f.Agency}, {f.Location} (kuota {Number(f.Quota)})",
            Publisher.FormationColumns(subtests), rows,
            new NationalBasis(bundles, new PublishedFormation(f.Code, f.Quota, f.Position, f.Education, found.ThresholdSet, found.Final, found.Subtests, found.Rows)));
        return new(table, null);
    }

    /// <summary>
    /// Every session the formation's rows in the run come from (optimalisasi rows included), by venue
    /// then session code as in the national publication: its venue, code, accepted bundle's SHA-256 and ledger head.
    /// </summary>
    private static async Task<List<PublishedBundle>> BundlesAsync(AsnCatDb db, IQueryable<int> sessionIds, CancellationToken ct)
    {
        var sessions = await db.ExamSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new PublishedBundle(s.Venue, s.Code, s.BundleSha256, s.LedgerHead)).ToListAsync(ct);
        return [.. sessions.OrderBy(s => s.Venue, StringComparer.Ordinal).ThenBy(s => s.Session, StringComparer.Ordinal)];
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Threshold(NationalResultRow r) => r.Outcome switch
    {
        StandingOutcomes.Passed => "Memenuhi",
        StandingOutcomes.Failed => "Tidak memenuhi",
        OptimalisasiRows.Outcome when r.Passed => "Memenuhi",
        _ => "",
    };

    /// <param name="advance">What advancing means in the threshold set (<c>lanjut SKB</c>).</param>
    private static string Remark(NationalResultRow r, string advance) => r.Outcome switch
    {
        StandingOutcomes.Passed when r.Advances => char.ToUpperInvariant(advance[0]) + advance[1..],
        StandingOutcomes.Passed or StandingOutcomes.Failed => "Tidak " + advance,
        StandingOutcomes.Disqualified => "Diskualifikasi",
        StandingOutcomes.Absent => "Tidak hadir",
        OptimalisasiRows.Outcome => $"{char.ToUpperInvariant(advance[0]) + advance[1..]} (optimalisasi, pelamar formasi {r.FromFormation})",
        _ => r.Outcome,
    };
}
