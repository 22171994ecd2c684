using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using AsnCat.Tool.National;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Ranking;

/// <summary>Builds the national publication from the newest run.</summary>
public sealed class NationalPublication(IDbContextFactory<AsnCatDb> dbs, RulesCatalog rules)
{
    /// <summary>Null when no run exists yet.</summary>
    public async Task<NationalPublicationFile?> BuildAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var run = await db.NationalRankingRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }
        var formations = await db.Formations.AsNoTracking().ToDictionaryAsync(f => f.Id, ct);
        var sessions = await db.ExamSessions.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var rows = await db.NationalRankingRows.AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync(ct);
        var subtests = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] SubtestsOf(string code)
        {
            if (!subtests.TryGetValue(code, out var s))
            {
                s = rules.Thresholds(code) is { } set ? [.. set.Blueprint.Subtests.Select(x => x.Code)] : [];
                subtests[code] = s;
            }
            return s;
        }
        var published = rows.GroupBy(r => r.FormationId).OrderBy(g => formations[g.Key].Code, StringComparer.Ordinal).Select(g =>
        {
            var f = formations[g.Key];
            var own = g.ToList();
            var setCode = own.Where(r => r.Scores is not null).Select(r => sessions[r.SessionId].ThresholdSetCode).Order(StringComparer.Ordinal).FirstOrDefault();
            var codes = setCode is null ? [] : SubtestsOf(setCode);
            var lines = own.OrderBy(r => r.FromFormationId is null ? 0 : 1).ThenBy(r => r.Rank is null ? 1 : 0).ThenBy(r => r.Rank)
                .ThenBy(r => r.ParticipantNumber, StringComparer.Ordinal)
                .Select(r => new NationalResultRow(r.ParticipantNumber, r.Category, r.Rank,
                    r.Scores is { } s && s.Length == codes.Length ? codes.Select((c, i) => (c, s[i])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal) : null,
                    r.Total, r.Passed, r.Advances, r.Outcome, r.FinishedAttempts, r.FromFormationId is { } from ? formations[from].Code : null))
                .ToList();
            return new PublishedFormation(f.Code, f.Quota, f.Position, f.Education, setCode, own.Count > 0 && own[0].Final, codes, lines);
        }).ToList();
        // every session the ranks rest on: the counted attempts' and, for a flagged candidate, the sessions of
        // the sittings the run counted (finishedAttempts, the first by finish time), which verify re-derives
        // from those bundles, also when every candidate of such a session counted elsewhere
        var flagged = rows.Where(r => r.FinishedAttempts > 1 && r.FromFormationId is null).ToDictionary(r => r.CandidateId, r => r.FinishedAttempts);
        var flaggedIds = flagged.Keys.ToList();
        var sittings = flaggedIds.Count == 0 ? [] : await db.Attempts.AsNoTracking()
            .Where(a => flaggedIds.Contains(a.CandidateId) && a.State == AttemptState.Finished && a.EndedBy != Scoring.Unranked.Absent)
            .Select(a => new { a.Id, a.CandidateId, a.ExamSessionId, a.FinishedAt }).ToListAsync(ct);
        var also = sittings.GroupBy(a => a.CandidateId).SelectMany(g => g.OrderBy(a => a.FinishedAt).ThenBy(a => a.Id).Take(flagged[g.Key])).Select(a => a.ExamSessionId);
        var bundles = rows.Select(r => r.SessionId).Concat(also).Distinct().Select(id => sessions[id])
            .OrderBy(s => s.Venue, StringComparer.Ordinal).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new PublishedBundle(s.Venue, s.Code, s.BundleSha256, s.LedgerHead)).ToList();
        var sets = published.Select(f => f.ThresholdSet).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = rows.Where(r => r.FromFormationId is null).Select(r => r.CandidateId).Distinct().Count();
        return new NationalPublicationFile(NationalPublicationFile.FormatName, new PublishedSelection(run.Id, run.At, sets, candidates, run.Flagged), bundles, published);
    }
}
