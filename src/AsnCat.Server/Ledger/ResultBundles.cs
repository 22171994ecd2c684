using System.Security.Cryptography;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Results;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Ledger;

/// <summary>Builds a session's bundle from the database, the standings and the rules folder.</summary>
public sealed class ResultBundles(IDbContextFactory<AsnCatDb> dbFactory, Standings standings, RulesCatalog rules)
{
    /// <summary>The bundle of an ended session; null when there is no such session.</summary>
    /// <exception cref="InvalidOperationException">The session has not ended.</exception>
    public async Task<ResultBundle?> BuildAsync(int sessionId, bool includeKeys, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.AsNoTracking().Include(s => s.BlueprintSnapshot).Include(s => s.BankVersion)
            .SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }
        if (session.State != SessionState.Ended)
        {
            throw new InvalidOperationException($"Sesi {session.Code} belum berakhir ({session.State}); bundel hasil ditulis setelah sesi diakhiri.");
        }

        var items = await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == session.BankVersionId).OrderBy(i => i.ItemId)
            .Select(i => new { i.ItemId, i.Subtest, i.Subtopic, i.Difficulty, i.Answer, i.Weights })
            .ToListAsync(ct);
        var bankItems = items.OrderBy(i => i.ItemId, StringComparer.Ordinal).Select(i => new BundleItem(
                i.ItemId, i.Subtest, i.Subtopic, i.Difficulty.ToString().ToLowerInvariant(),
                includeKeys && i.Answer is { } a ? Options.Letter(a).ToString() : null,
                includeKeys ? i.Weights : null))
            .ToList();

        var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == sessionId)
            .Select(a => new
            {
                a.Id, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Category,
                FormationCode = a.Candidate.Formation!.Code, a.Candidate.Formation.Quota, a.Candidate.Formation.Position,
                a.Seat, a.SetText, a.Scores, a.Total, a.Passed, a.EndedBy,
            })
            .ToListAsync(ct);
        var ids = attempts.Select(a => a.Id).ToList();
        var answers = (await db.Answers.AsNoTracking().Where(a => ids.Contains(a.AttemptId)).Select(a => new { a.AttemptId, a.Position, a.Option }).ToListAsync(ct))
            .ToLookup(a => a.AttemptId);
        var events = (await db.AnswerEvents.AsNoTracking().Where(e => e.ExamSessionId == sessionId).OrderBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.AttemptId);

        var candidates = attempts.OrderBy(a => a.ParticipantNumber, StringComparer.Ordinal).Select(a =>
        {
            var positions = a.SetText is null ? 0 : a.SetText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var final = new string?[positions];
            foreach (var answer in answers[a.Id])
            {
                if (answer.Position >= 0 && answer.Position < positions)
                {
                    final[answer.Position] = answer.Option is { } o ? Options.Letter(o).ToString() : null;
                }
            }
            return new BundleCandidate(a.ParticipantNumber, a.Name, CandidateCategories.Code(a.Category), new BundleFormation(a.FormationCode, a.Quota, a.Position),
                a.Seat, a.SetText, final,
                [.. events[a.Id].OrderBy(e => e.Id).Select(e => new BundleEvent(e.Id, e.Position, e.Option is { } o ? Options.Letter(o).ToString() : null,
                    e.Doubtful, e.Seq, e.Kind, ResultBundle.Time(e.At)))],
                a.Scores, a.Total, a.Passed, a.EndedBy);
        }).ToList();

        var results = await standings.ForSessionAsync(sessionId, ct);
        var rankings = results is null ? [] : results.Value.Formations.Select(f => new BundleRanking(f.FormationCode, f.Quota, f.ThresholdSetCode, f.AdvanceLimit,
            [.. f.Rows.Select(r => new BundleRankingRow(r.ParticipantNumber, r.Category,
                r.Scores is { } scores ? new Dictionary<string, int>(scores, StringComparer.Ordinal) : null,
                r.Total, r.Rank, r.Passed, r.Advances, r.Outcome))])).ToList();

        var thresholdPath = Path.Combine(rules.Root, "thresholds", session.ThresholdSetCode + ".yaml");
        if (!File.Exists(thresholdPath))
        {
            throw new InvalidOperationException($"Sesi {session.Code}: berkas ambang batas {thresholdPath} tidak ada; bundel memuat teks ambang batas yang dipakai.");
        }
        var ledger = SessionLedger.Compute(candidates);
        return new ResultBundle(
            ResultBundle.FormatName,
            new BundleSession(session.Code, session.Venue, session.Room, session.TimeZone,
                session.StartedAt is { } started ? ResultBundle.Time(started) : null,
                session.EndedAt is { } ended ? ResultBundle.Time(ended) : null,
                session.Seed),
            new BundleBank(session.BankVersion!.Hash, session.BlueprintCode, session.BlueprintSnapshot!.Yaml, includeKeys, bankItems),
            new BundleThresholds(session.ThresholdSetCode, await File.ReadAllTextAsync(thresholdPath, ct)),
            candidates,
            rankings,
            new BundleLedger(SessionLedger.Algorithm, ledger.Records, ledger.Head));
    }

    /// <summary>
    /// Writes the bundle atomically (a temporary file beside it, then a move over it) and returns
    /// the lowercase hex SHA-256 of the bytes written.
    /// </summary>
    public static async Task<(string Path, string Sha256)> WriteAsync(string directory, ResultBundle bundle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        Directory.CreateDirectory(directory);
        var bytes = bundle.ToBytes();
        var name = ResultBundle.FileName(bundle.Session.Code, bundle.Bank.KeysIncluded);
        var target = Path.Combine(directory, name);
        var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(bytes, ct);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return (target, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
