using System.Data.Common;
using System.Diagnostics;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
namespace AsnCat.Server.National.Ranking;

/// <summary>What a run did and how long each part took (read: waiting on the database's rows; rank; write).</summary>
public sealed record NationalRankingReport(
    int RunId, DateTimeOffset At, int Formations, int FinalFormations, int Rows, int Flagged,
    TimeSpan Read, TimeSpan Rank, TimeSpan Write, TimeSpan Total);

/// <summary>A run that cannot be made (mixed threshold sets in a formation, a missing score); nothing was written.</summary>
public sealed class NationalRankingException(IReadOnlyList<string> problems)
    : Exception("Peringkat nasional tidak dapat disusun: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The national ranking (issue #18): every formation ranked across all venues and sessions from
/// the centre's stored results, with the scoring library's rules (<see cref="Scoring.Ranking.Rank"/>),
/// written as one new run (<see cref="NationalRankingRun"/>). Set-based: one streaming read of
/// every finished attempt ordered by formation, each formation ranked in memory as its rows end,
/// and the rows written in bulk (binary COPY on PostgreSQL, EF on SQLite) on a second connection,
/// all in one transaction: a run is written whole or not at all.
/// <para>
/// A candidate sits SKD once per selection: of a candidate's finished attempts the first (by
/// finish time) that is not "absent" counts; a candidate with more than one such attempt is
/// flagged (<see cref="NationalRankingRow.FinishedAttempts"/> &gt; 1), never counted twice.
/// A formation whose SKD the committee closed (<see cref="FormationClosure"/>) is final in the run.
/// Candidates placed by optimalisasi are listed in the formation they fill, advancing.
/// </para>
/// </summary>
public sealed class NationalRanker(IDbContextFactory<AsnCatDb> dbs, RulesCatalog rules, TimeProvider time)
{
    /// <summary>At most this many problems are named in a refusal; the read stops there.</summary>
    public const int MaxProblems = 50;

    private const string FinishedAttemptsSql = """
        SELECT c.FormationId, c.Id, c.ParticipantNumber, c.Category, a.Id, a.ExamSessionId, a.EndedBy, a.Scores, a.FinishedAt
        FROM Attempts a JOIN Candidates c ON c.Id = a.CandidateId
        WHERE a.State = 'Finished'
        ORDER BY c.FormationId
        """;

    public async Task<NationalRankingReport> RunAsync(string actor, string? address = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var total = Stopwatch.StartNew();
        var read = new Stopwatch();
        var rank = new Stopwatch();
        var write = new Stopwatch();

        await using var db = await dbs.CreateDbContextAsync(ct);
        read.Start();
        var formations = await db.Formations.AsNoTracking()
            .Select(f => new { f.Id, f.Code, f.Quota, f.Position })
            .ToDictionaryAsync(f => f.Id, f => new FormationQuota(f.Code, f.Quota, f.Position), ct);
        var sessions = await db.ExamSessions.AsNoTracking().Select(s => new { s.Id, s.Code, s.ThresholdSetCode })
            .ToDictionaryAsync(s => s.Id, s => (s.Code, s.ThresholdSetCode), ct);
        var closed = (await db.FormationClosures.AsNoTracking().Select(c => c.FormationId).ToListAsync(ct)).ToHashSet();
        var placements = await db.OptimalisasiPlacements.AsNoTracking().ToDictionaryAsync(p => p.CandidateId, p => p.FormationId, ct);
        read.Stop();

        var at = time.GetUtcNow();
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var run = new NationalRankingRun { At = at, RunBy = actor };
        db.NationalRankingRuns.Add(run);
        await db.SaveChangesAsync(ct);

        var problems = new List<string>();
        var sets = new ThresholdSets(rules);
        var placed = new List<NationalRankingRow>();
        int formationCount = 0, finalCount = 0, rowCount = 0, flagged = 0;
        await using (var sink = RankingSink.Open(db, run.Id))
        {
            await using (var reading = await dbs.CreateDbContextAsync(ct))
            {
                // opening the reader is part of the read: PostgreSQL sorts before the first row
                read.Start();
                await using var reader = await OpenReaderAsync(reading, ct);
                read.Stop();
                var group = new List<FinishedAttempt>();
                var current = -1;
                while (true)
                {
                    read.Start();
                    var more = await reader.ReadAsync(ct);
                    read.Stop();
                    var formation = more ? reader.GetInt32(0) : -1;
                    if (group.Count > 0 && (!more || formation != current))
                    {
                        rank.Start();
                        var rows = RankFormation(current, formations[current], group, sessions, sets, closed.Contains(current), problems);
                        rank.Stop();
                        write.Start();
                        foreach (var row in rows)
                        {
                            sink.Write(row);
                            flagged += row.FinishedAttempts > 1 ? 1 : 0;
                            if (placements.ContainsKey(row.CandidateId))
                            {
                                placed.Add(row);
                            }
                        }
                        write.Stop();
                        rowCount += rows.Count;
                        formationCount++;
                        finalCount += closed.Contains(current) ? 1 : 0;
                        group.Clear();
                        if (problems.Count >= MaxProblems)
                        {
                            break;
                        }
                    }
                    if (!more)
                    {
                        break;
                    }
                    current = formation;
                    group.Add(new FinishedAttempt(
                        reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                        reader.IsDBNull(8) ? long.MaxValue : reader.GetInt64(8)));
                }
            }
            if (problems.Count > 0)
            {
                throw new NationalRankingException(problems);
            }
            write.Start();
            foreach (var row in placed)
            {
                sink.Write(OptimalisasiRows.Placed(row, placements[row.CandidateId], closed.Contains(placements[row.CandidateId])));
            }
            rowCount += placed.Count;
            await sink.CompleteAsync(ct);
            write.Stop();
        }

        write.Start();
        run.Formations = formationCount;
        run.FinalFormations = finalCount;
        run.Rows = rowCount;
        run.Flagged = flagged;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        write.Stop();
        await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.NationalRanking.Ranked, $"run:{run.Id}",
            new { run = run.Id, formations = formationCount, finalFormations = finalCount, rows = rowCount, flagged }, ct);
        return new NationalRankingReport(run.Id, at, formationCount, finalCount, rowCount, flagged, read.Elapsed, rank.Elapsed, write.Elapsed, total.Elapsed);
    }

    private static async Task<DbDataReader> OpenReaderAsync(AsnCatDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsNpgsql())
        {
            // the ordered read sorts every finished attempt once: in memory, not in temporary files
            await db.Database.BeginTransactionAsync(ct);
            await using var setting = connection.CreateCommand();
            setting.CommandText = "SET LOCAL work_mem = '256MB'";
            setting.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            await setting.ExecuteNonQueryAsync(ct);
        }
        var command = connection.CreateCommand();
        command.CommandText = FinishedAttemptsSql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
    }

    /// <summary>One finished attempt as read: the candidate's, the session's, how it ended and its scores (JSON).</summary>
    private sealed record FinishedAttempt(
        int CandidateId, string ParticipantNumber, string Category, int AttemptId, int SessionId, string? EndedBy, string? ScoresJson, long FinishedAtTicks);

    /// <summary>One formation's rows: each candidate once (the first attempt that counts), ranked with the scoring library.</summary>
    private static List<NationalRankingRow> RankFormation(
        int formationId, FormationQuota formation, List<FinishedAttempt> attempts, Dictionary<int, (string Code, string ThresholdSetCode)> sessions,
        ThresholdSets sets, bool final, List<string> problems)
    {
        attempts.Sort((a, b) => a.CandidateId != b.CandidateId ? a.CandidateId.CompareTo(b.CandidateId)
            : a.FinishedAtTicks != b.FinishedAtTicks ? a.FinishedAtTicks.CompareTo(b.FinishedAtTicks) : a.AttemptId.CompareTo(b.AttemptId));
        var counted = new List<(FinishedAttempt Attempt, int Sittings)>();
        for (var i = 0; i < attempts.Count;)
        {
            var end = i;
            while (end < attempts.Count && attempts[end].CandidateId == attempts[i].CandidateId)
            {
                end++;
            }
            FinishedAttempt? first = null;
            var sittings = 0;
            for (var k = i; k < end; k++)
            {
                if (attempts[k].EndedBy != Unranked.Absent)
                {
                    first ??= attempts[k];
                    sittings++;
                }
            }
            counted.Add((first ?? attempts[i], sittings));
            i = end;
        }

        var rows = new List<NationalRankingRow>(counted.Count);
        var scored = counted.Where(c => !Unranked.Is(c.Attempt.EndedBy)).ToList();
        var setCodes = scored.Select(c => sessions[c.Attempt.SessionId].ThresholdSetCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (setCodes.Count > 1)
        {
            problems.Add($"Formasi {formation.Code}: peserta dinilai dengan ambang batas yang berbeda ({string.Join(", ", setCodes)}); satu formasi hanya dapat diperingkat dengan satu ambang batas, periksa sesi peserta formasi ini.");
            return rows;
        }
        if (setCodes.Count == 1)
        {
            var set = sets.Get(setCodes[0], formation.Code, problems);
            if (set is null)
            {
                return rows;
            }
            var contestants = new List<Contestant>(scored.Count);
            foreach (var (a, _) in scored)
            {
                var category = set.Category(a.Category);
                var scores = set.Scores(a.ScoresJson);
                if (category < 0 || scores is null)
                {
                    problems.Add(category < 0
                        ? $"Formasi {formation.Code}: kategori '{a.Category}' peserta {a.ParticipantNumber} tidak ada di ambang batas {set.Set.Code}; perbaiki kategori peserta."
                        : $"Formasi {formation.Code}: ujian peserta {a.ParticipantNumber} (sesi {sessions[a.SessionId].Code}) selesai tanpa nilai lengkap ({string.Join(", ", set.Set.Blueprint.Subtests.Select(s => s.Code))}); periksa bundel hasil sesi itu.");
                    return rows;
                }
                contestants.Add(new Contestant(a.ParticipantNumber, 0, category, scores));
            }
            RankedRow[] ranked;
            try
            {
                ranked = Scoring.Ranking.Rank(set.Set, [formation], contestants);
            }
            catch (ArgumentException e)
            {
                problems.Add($"Formasi {formation.Code}: {e.Message}.");
                return rows;
            }
            foreach (var r in ranked)
            {
                var (a, sittings) = scored[r.Contestant];
                var scores = contestants[r.Contestant].Scores;
                rows.Add(new NationalRankingRow
                {
                    FormationId = formationId, CandidateId = a.CandidateId, ParticipantNumber = a.ParticipantNumber,
                    Category = set.Set.Categories[contestants[r.Contestant].Category].Code,
                    Rank = r.Passed ? r.Rank : null, Passed = r.Passed, Advances = r.Advances, Outcome = Unranked.Outcome(a.EndedBy, r.Passed),
                    Total = scores.Sum(), Scores = scores, SessionId = a.SessionId, FinishedAttempts = sittings, Final = final,
                });
            }
        }
        foreach (var (a, sittings) in counted.Where(c => Unranked.Is(c.Attempt.EndedBy)).OrderBy(c => c.Attempt.ParticipantNumber, StringComparer.Ordinal))
        {
            rows.Add(new NationalRankingRow
            {
                FormationId = formationId, CandidateId = a.CandidateId, ParticipantNumber = a.ParticipantNumber,
                Category = a.Category,
                Outcome = Unranked.Outcome(a.EndedBy, passed: false), SessionId = a.SessionId, FinishedAttempts = sittings, Final = final,
            });
        }
        return rows;
    }
}
