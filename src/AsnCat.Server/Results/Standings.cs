using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Results;

/// <summary>
/// One candidate's line in the results. Never carries NIK or birth date: results are published.
/// Scores (by subtest code: TWK, TIU, TKP for SKD; TEKNIS, MANAJERIAL, SOSIOKULTURAL, WAWANCARA for
/// PPPK) are null for a candidate who was disqualified, absent or has not finished.
/// </summary>
public sealed record StandingRow(
    string FormationCode,
    int? Rank,
    string ParticipantNumber,
    string Name,
    string Category,
    IReadOnlyDictionary<string, int>? Scores,
    int? Total,
    bool Passed,
    string? FailedRequirements,
    bool Advances,
    string Outcome,
    string Status)
{
    /// <summary>Equal rows hold equal scores (by code), not the same dictionary: a row read back from JSON equals the one written.</summary>
    public bool Equals(StandingRow? other) =>
        other is not null && FormationCode == other.FormationCode && Rank == other.Rank && ParticipantNumber == other.ParticipantNumber
        && Name == other.Name && Category == other.Category && Total == other.Total && Passed == other.Passed
        && FailedRequirements == other.FailedRequirements && Advances == other.Advances && Outcome == other.Outcome && Status == other.Status
        && (Scores is null ? other.Scores is null : other.Scores is not null && Scores.Count == other.Scores.Count
            && Scores.All(s => other.Scores.TryGetValue(s.Key, out var v) && v == s.Value));

    public override int GetHashCode() => HashCode.Combine(FormationCode, ParticipantNumber, Rank, Total, Outcome);
}

/// <summary>A subtest as a column of the results: its code and name, in blueprint order.</summary>
public sealed record SubtestColumn(string Code, string Name)
{
    public static IReadOnlyList<SubtestColumn> Of(Blueprint blueprint) => [.. blueprint.Subtests.Select(s => new SubtestColumn(s.Code, s.Name))];
}

/// <summary>
/// A formation's standings: passers by rank, then the rest (not ranked). <see cref="Subtests"/> and
/// <see cref="Exam"/> (<c>SKD</c>, <c>PPPK</c>) come from the threshold set's blueprint (none when nobody was scored);
/// <see cref="Advance"/> says what advancing means (<c>lanjut SKB</c>).
/// </summary>
public sealed record FormationStandings(
    string FormationCode,
    string Agency,
    string Position,
    string Location,
    int Quota,
    string? ThresholdSetCode,
    int AdvanceLimit,
    IReadOnlyList<StandingRow> Rows)
{
    public IReadOnlyList<SubtestColumn> Subtests { get; init; } = [];

    public string Exam { get; init; } = "";

    public string Advance { get; init; } = RankingRule.DefaultAdvance;

    /// <summary>Whether the threshold set has a next stage (SKB and the final SKD+SKB ranking); PPPK has none.</summary>
    public bool HasNextStage { get; init; }
}

/// <summary>A session's candidates, each with the standing they hold in their formation.</summary>
public sealed record SessionResults(
    int SessionId,
    string SessionCode,
    string Venue,
    string? Room,
    string ThresholdSetCode,
    string State,
    DateTimeOffset? EndedAt,
    IReadOnlyList<string> FormationCodes,
    IReadOnlyList<StandingRow> Rows)
{
    /// <summary>The session's subtests (its threshold set's blueprint), in order.</summary>
    public IReadOnlyList<SubtestColumn> Subtests { get; init; } = [];

    /// <summary>The exam's short name (the blueprint code in capitals: SKD, PPPK).</summary>
    public string Exam { get; init; } = "";
}

/// <summary>Standings that cannot be computed (mixed threshold sets, a missing threshold file, bad scores).</summary>
public sealed class StandingsException(string message) : Exception(message);

/// <summary>
/// Rankings per formation from the finished attempts in the database, ranked by the scoring
/// library (<see cref="Ranking.Rank"/>) under the threshold set the sessions ran with.
/// A disqualified or absent candidate is listed, never ranked (<see cref="Unranked"/>). All of a formation's scored
/// candidates must have sat sessions with the same threshold set, else <see cref="StandingsException"/>.
/// A candidate with more than one finished attempt (moved to another session): disqualified if
/// any attempt was; else the latest scored attempt counts; absent only if every attempt was.
/// </summary>
public sealed class Standings(IDbContextFactory<AsnCatDb> dbFactory, RulesCatalog rules)
{
    /// <summary>A formation's standings by code; null when there is no such formation.</summary>
    public async Task<FormationStandings?> ForFormationAsync(string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var formation = await db.Formations.AsNoTracking().SingleOrDefaultAsync(f => f.Code == code, ct);
        return formation is null ? null : (await ComputeAsync(db, [formation], ct))[0];
    }

    /// <summary>A formation's standings by id; null when there is no such formation.</summary>
    public async Task<FormationStandings?> ForFormationAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var formation = await db.Formations.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
        return formation is null ? null : (await ComputeAsync(db, [formation], ct))[0];
    }

    /// <summary>
    /// The standings of every formation that has a candidate in the session, and the session's
    /// rows (each candidate's row from their formation's standings); null when there is no such session.
    /// </summary>
    public async Task<(SessionResults Session, IReadOnlyList<FormationStandings> Formations)?> ForSessionAsync(int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.Id, s.Code, s.Venue, s.Room, s.ThresholdSetCode, s.State, s.EndedAt })
            .SingleOrDefaultAsync(ct);
        if (session is null)
        {
            return null;
        }
        var members = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Select(a => new { a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Category, a.Candidate.FormationId })
            .ToListAsync(ct);
        var formationIds = members.Select(m => m.FormationId).Distinct().ToList();
        var formations = await db.Formations.AsNoTracking().Where(f => formationIds.Contains(f.Id)).ToListAsync(ct);
        var standings = await ComputeAsync(db, formations, ct);

        var inSession = members.Select(m => m.ParticipantNumber).ToHashSet(StringComparer.Ordinal);
        var rows = new List<StandingRow>(members.Count);
        foreach (var standing in standings)
        {
            rows.AddRange(standing.Rows.Where(r => inSession.Contains(r.ParticipantNumber)));
        }
        // candidates of the session with no finished attempt yet: listed, nothing to show
        var listed = rows.Select(r => r.ParticipantNumber).ToHashSet(StringComparer.Ordinal);
        var codes = formations.ToDictionary(f => f.Id, f => f.Code);
        rows.AddRange(members.Where(m => !listed.Contains(m.ParticipantNumber))
            .OrderBy(m => codes[m.FormationId], StringComparer.Ordinal).ThenBy(m => m.ParticipantNumber, StringComparer.Ordinal)
            .Select(m => new StandingRow(codes[m.FormationId], null, m.ParticipantNumber, m.Name, CandidateCategories.Code(m.Category),
                null, null, false, null, false, StandingOutcomes.NotFinished, "Belum selesai")));
        var blueprint = LoadThresholds(session.ThresholdSetCode, $"Sesi {session.Code}").Blueprint;
        var result = new SessionResults(session.Id, session.Code, session.Venue, session.Room, session.ThresholdSetCode, session.State.ToString(),
            session.EndedAt, [.. standings.Select(s => s.FormationCode)], rows)
        { Subtests = SubtestColumn.Of(blueprint), Exam = ExamName(blueprint) };
        return (result, standings);
    }

    /// <summary>The session's code and the codes of the formations with a candidate in it (ordinal order); null when there is no such session.</summary>
    public async Task<(string Code, IReadOnlyList<string> FormationCodes)?> SessionFormationCodesAsync(int sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var code = await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.Code).SingleOrDefaultAsync(ct);
        if (code is null)
        {
            return null;
        }
        var formations = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Select(a => a.Candidate!.Formation!.Code).Distinct().ToListAsync(ct);
        return (code, [.. formations.Order(StringComparer.Ordinal)]);
    }

    /// <summary>The standings of the formations (ordered by code), from one query over all their finished attempts.</summary>
    private async Task<List<FormationStandings>> ComputeAsync(AsnCatDb db, IReadOnlyList<Formation> formations, CancellationToken ct)
    {
        var ids = formations.Select(f => f.Id).ToList();
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.State == AttemptState.Finished && ids.Contains(a.Candidate!.FormationId))
            .Select(a => new FinishedAttempt(a.Id, a.CandidateId, a.Candidate!.FormationId, a.Candidate.ParticipantNumber, a.Candidate.Name,
                a.Candidate.Category, a.EndedBy, a.Scores, a.FinishedAt, a.ExamSession!.ThresholdSetCode, a.ExamSession.Code))
            .ToListAsync(ct);
        var byFormation = attempts.ToLookup(a => a.FormationId);
        return [.. formations.OrderBy(f => f.Code, StringComparer.Ordinal).Select(f => Rank(f, byFormation[f.Id]))];
    }

    private sealed record FinishedAttempt(
        int Id, int CandidateId, int FormationId, string ParticipantNumber, string Name, CandidateCategory Category,
        string? EndedBy, Dictionary<string, int>? Scores, DateTimeOffset? FinishedAt, string ThresholdSetCode, string SessionCode);

    private FormationStandings Rank(Formation formation, IEnumerable<FinishedAttempt> finished)
    {
        // one attempt per candidate (see the class remarks)
        var counted = finished.GroupBy(a => a.CandidateId).Select(g =>
                g.FirstOrDefault(a => a.EndedBy == Unranked.Disqualified)
                ?? g.Where(a => a.EndedBy != Unranked.Absent).OrderByDescending(a => a.FinishedAt).ThenByDescending(a => a.Id).FirstOrDefault()
                ?? g.First())
            .OrderBy(a => a.ParticipantNumber, StringComparer.Ordinal)
            .ToList();
        var scored = counted.Where(a => !Unranked.Is(a.EndedBy)).ToList();

        var setCodes = scored.Select(a => a.ThresholdSetCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (setCodes.Count > 1)
        {
            var detail = string.Join("; ", setCodes.Select(c => $"{c}: sesi {string.Join(", ", scored.Where(a => a.ThresholdSetCode == c).Select(a => a.SessionCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}"));
            throw new StandingsException($"Formasi {formation.Code}: peserta dinilai dengan ambang batas yang berbeda ({detail}). Peringkat hanya dapat disusun dengan satu ambang batas per formasi.");
        }

        var rows = new List<StandingRow>(counted.Count);
        var limit = 0;
        string? setCode = null;
        ThresholdSet? set = null;
        if (setCodes.Count == 1)
        {
            setCode = setCodes[0];
            set = LoadThresholds(setCode, $"Formasi {formation.Code}");
            limit = set.Ranking.AdvanceMultiple * formation.Quota;
            var contestants = scored.Select(a => Contestant(set, formation.Code, a)).ToList();
            RankedRow[] ranked;
            try
            {
                ranked = Ranking.Rank(set, [new FormationQuota(formation.Code, formation.Quota, formation.Position)], contestants);
            }
            catch (ArgumentException e)
            {
                throw new StandingsException($"Formasi {formation.Code}: {e.Message}");
            }
            foreach (var r in ranked)
            {
                var a = scored[r.Contestant];
                var scores = contestants[r.Contestant].Scores;
                var category = CandidateCategories.Code(a.Category);
                var outcome = set.Evaluate(category, new ScoreCard(scores, scores.Sum()), formation.Position);
                if (outcome.Passed != r.Passed)
                {
                    // Evaluate and Rank read the same rules; a difference is a bug in the scoring library
                    throw new InvalidOperationException($"peserta {a.ParticipantNumber}: Evaluate dan Rank tidak sepakat");
                }
                rows.Add(new StandingRow(formation.Code, r.Passed ? r.Rank : null, a.ParticipantNumber, a.Name, category,
                    set.Blueprint.Subtests.Select((s, i) => (s.Code, scores[i])).ToDictionary(x => x.Code, x => x.Item2, StringComparer.Ordinal), scores.Sum(),
                    r.Passed, r.Passed ? null : string.Join(", ", outcome.Failed), r.Advances,
                    Unranked.Outcome(a.EndedBy, r.Passed),
                    r.Passed ? Passed(set, contestants[r.Contestant].Category, r) : "Tidak memenuhi nilai ambang batas"));
            }
        }
        foreach (var endedBy in new[] { Unranked.Disqualified, Unranked.Absent })
        {
            var outcome = Unranked.Outcome(endedBy, passed: false);
            var status = outcome == StandingOutcomes.Disqualified ? "Diskualifikasi" : "Tidak hadir";
            rows.AddRange(counted.Where(a => a.EndedBy == endedBy).Select(a => new StandingRow(formation.Code, null, a.ParticipantNumber, a.Name,
                CandidateCategories.Code(a.Category), null, null, false, null, false, outcome, status)));
        }
        return new FormationStandings(formation.Code, formation.Agency, formation.Position, formation.Location, formation.Quota, setCode, limit, rows)
        {
            Subtests = set is null ? [] : SubtestColumn.Of(set.Blueprint),
            Exam = set is null ? "" : ExamName(set.Blueprint),
            Advance = set?.Ranking.Advance ?? RankingRule.DefaultAdvance,
            HasNextStage = set?.Final is not null,
        };
    }

    /// <summary>The short name of a blueprint's exam in titles: its code in capitals (SKD, PPPK).</summary>
    public static string ExamName(Blueprint blueprint) => blueprint.Code.ToUpperInvariant();

    /// <summary>A ranked candidate's status: "Lulus PG" only where the category has a threshold, then rank and whether they advance.</summary>
    private static string Passed(ThresholdSet set, int category, RankedRow r) =>
        $"{(set.Categories[category].Require.Count > 0 ? "Lulus PG, p" : "P")}eringkat {r.Rank}, {(r.Advances ? "" : "tidak ")}{set.Ranking.Advance}";

    /// <param name="where">Names what is being ranked in the error (<c>Formasi X</c>, <c>Sesi Y</c>).</param>
    private ThresholdSet LoadThresholds(string code, string where)
    {
        var before = rules.Errors.Count;
        var set = rules.Thresholds(code);
        if (set is null)
        {
            var why = string.Join("; ", rules.Errors.Skip(before));
            throw new StandingsException($"{where}: ambang batas '{code}' tidak dapat dimuat{(why.Length > 0 ? ": " + why : "")}.");
        }
        return set;
    }

    private static Contestant Contestant(ThresholdSet set, string formationCode, FinishedAttempt a)
    {
        var category = set.CategoryIndex(CandidateCategories.Code(a.Category));
        if (category < 0)
        {
            throw new StandingsException($"Formasi {formationCode}: kategori '{CandidateCategories.Code(a.Category)}' peserta {a.ParticipantNumber} tidak ada di ambang batas {set.Code}.");
        }
        var subtests = set.Blueprint.Subtests;
        var scores = new int[subtests.Count];
        for (var s = 0; s < subtests.Count; s++)
        {
            if (a.Scores is null || !a.Scores.TryGetValue(subtests[s].Code, out scores[s]))
            {
                throw new StandingsException($"Formasi {formationCode}: ujian peserta {a.ParticipantNumber} (sesi {a.SessionCode}) selesai tanpa nilai {subtests[s].Code}.");
            }
        }
        return new Contestant(a.ParticipantNumber, 0, category, scores);
    }

}
