using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Results;

/// <summary>
/// The final results of a formation (hasil akhir): the candidates who advanced to SKB in the SKD
/// standings (<see cref="Standings"/>) and have an SKB score, ranked by the scoring library's
/// <see cref="FinalRanking"/> under the formation's threshold set (SKD/550 x 40 + SKB x 60, then
/// SKD total, TKP, TIU, TWK, IPK, the older candidate). The best <c>quota</c> by final rank pass
/// (<see cref="FinalRow.WithinQuota"/>: rank &lt;= quota, so candidates still tied with the last
/// place after the whole chain all pass). An advancing candidate without an SKB score is not
/// ranked and not listed. The birth date only orders; it is never in the table, nor the NIK.
/// </summary>
public sealed class FinalStandings(IDbContextFactory<AsnCatDb> dbFactory, Standings standings, RulesCatalog rules)
{
    public const string Kind = "akhir";

    /// <summary>Decimals shown for the SKB score and the final score (the exact key decides the order, not these).</summary>
    public const int Decimals = 3;

    public static IReadOnlyList<string> Columns { get; } = ["Peringkat", "Nomor peserta", "Nama", "SKD", "SKB", "Nilai akhir", "Keterangan"];

    /// <summary>
    /// The formation's final table; null for an unknown formation. <see cref="StandingsException"/>
    /// when its SKD standings (or its threshold set) cannot be used.
    /// </summary>
    public async Task<PublishedTable?> TableAsync(string formationCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(formationCode);
        if (await standings.ForFormationAsync(formationCode, ct) is not { } skd)
        {
            return null;
        }
        var title = $"Hasil akhir formasi {skd.FormationCode}: {skd.Position}, {skd.Agency} ({skd.Location}), kuota {skd.Quota}";
        if (skd.ThresholdSetCode is not null && !skd.HasNextStage)
        {
            throw new StandingsException($"Formasi {skd.FormationCode}: ambang batas {skd.ThresholdSetCode} tidak memiliki tahap SKB; peringkat formasinya adalah hasil akhirnya (publikasikan peringkat formasi).");
        }
        var advancing = skd.Rows.Where(r => r.Advances).ToList();
        if (skd.ThresholdSetCode is null || advancing.Count == 0)
        {
            return new PublishedTable(Kind, skd.FormationCode, title, Columns, []);
        }
        var set = rules.Thresholds(skd.ThresholdSetCode)
            ?? throw new StandingsException($"Formasi {skd.FormationCode}: ambang batas '{skd.ThresholdSetCode}' tidak dapat dimuat.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var numbers = advancing.Select(r => r.ParticipantNumber).ToList();
        var extra = (await db.SkbScores.AsNoTracking()
                .Where(s => s.Candidate!.Formation!.Code == skd.FormationCode && numbers.Contains(s.Candidate.ParticipantNumber))
                .Select(s => new { s.Candidate!.ParticipantNumber, s.ScoreMilli, s.GpaCenti, s.Candidate.BirthDate })
                .ToListAsync(ct))
            .ToDictionary(s => s.ParticipantNumber, StringComparer.Ordinal);

        var scored = advancing.Where(r => extra.ContainsKey(r.ParticipantNumber)).ToList();
        var candidates = scored.Select(r =>
        {
            var e = extra[r.ParticipantNumber];
            return new FinalCandidate(r.ParticipantNumber, 0, Skd(set, r), e.ScoreMilli, e.GpaCenti, e.BirthDate);
        }).ToList();
        FinalRow[] ranked;
        try
        {
            ranked = FinalRanking.Rank(set, [new FormationQuota(skd.FormationCode, skd.Quota)], candidates);
        }
        catch (ArgumentException e)
        {
            throw new StandingsException($"Formasi {skd.FormationCode}: {e.Message}");
        }
        var rows = ranked.Select(f =>
        {
            var r = scored[f.Candidate];
            var c = candidates[f.Candidate];
            return new PublishedRow(r.ParticipantNumber,
            [
                f.Rank.ToString(CultureInfo.InvariantCulture),
                r.ParticipantNumber,
                r.Name,
                c.Skd.Sum().ToString(CultureInfo.InvariantCulture),
                SkbImport.Milli(c.SkbThousandths),
                f.FinalScore.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                f.WithinQuota ? "Lulus" : "Tidak lulus",
            ]);
        }).ToList();
        return new PublishedTable(Kind, skd.FormationCode, title, Columns, rows);
    }

    /// <summary>The candidate's SKD scores in the blueprint's order.</summary>
    private static int[] Skd(ThresholdSet set, StandingRow r)
    {
        var subtests = set.Blueprint.Subtests;
        var scores = new int[subtests.Count];
        for (var s = 0; s < subtests.Count; s++)
        {
            if (r.Scores is null || !r.Scores.TryGetValue(subtests[s].Code, out scores[s]))
            {
                throw new StandingsException($"Formasi {r.FormationCode}: peserta {r.ParticipantNumber} tanpa nilai {subtests[s].Code}.");
            }
        }
        return scores;
    }
}
