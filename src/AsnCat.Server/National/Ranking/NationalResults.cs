using System.Globalization;
using System.Text;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Csv;
using AsnCat.Tool.National;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// A formation's national results from the newest run (<c>asncat-national-results/1</c>), the shape
/// the registration system reads (<c>docs/national.md</c>, "Export"). Rows: passers by rank, then the
/// rest by participant number, then those placed by optimalisasi.
/// </summary>
public sealed record NationalFormationResults(
    string Format, int RunId, DateTimeOffset RankedAt, bool Final, NationalFormationInfo Formation, string? ThresholdSet,
    IReadOnlyList<string> Subtests, IReadOnlyList<NationalResultRow> Rows)
{
    public const string FormatName = "asncat-national-results/1";
}

public sealed record NationalFormationInfo(string Code, string Agency, string Position, string Location, string Education, int Quota);

/// <summary>Reads the newest run's rows of one formation and writes them as the documented CSV.</summary>
public sealed class NationalResults(IDbContextFactory<AsnCatDb> dbs, RulesCatalog rules)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Null when there is no such formation or no run yet (<paramref name="why"/> says which).</summary>
    public async Task<(NationalFormationResults? Results, string? Why)> ForFormationAsync(string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var formation = await db.Formations.AsNoTracking().SingleOrDefaultAsync(f => f.Code == code, ct);
        if (formation is null)
        {
            return (null, $"Tidak ada formasi dengan kode '{code}'.");
        }
        var run = await db.NationalRankingRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return (null, "Peringkat nasional belum pernah disusun: jalankan POST /api/national/ranking/runs lebih dahulu.");
        }
        var rows = await db.NationalRankingRows.AsNoTracking().Where(r => r.RunId == run.Id && r.FormationId == formation.Id).ToListAsync(ct);
        var sessionIds = rows.Select(r => r.SessionId).Distinct().ToList();
        var setCode = await db.ExamSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).Select(s => s.ThresholdSetCode)
            .OrderBy(s => s).FirstOrDefaultAsync(ct);
        var subtests = setCode is not null && rules.Thresholds(setCode) is { } set ? set.Blueprint.Subtests.Select(s => s.Code).ToArray() : [];
        var fromIds = rows.Where(r => r.FromFormationId is not null).Select(r => r.FromFormationId!.Value).Distinct().ToList();
        var fromCodes = await db.Formations.AsNoTracking().Where(f => fromIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Code, ct);
        var ordered = rows
            .OrderBy(r => r.FromFormationId is null ? 0 : 1)
            .ThenBy(r => r.Rank is null ? 1 : 0).ThenBy(r => r.Rank)
            .ThenBy(r => r.ParticipantNumber, StringComparer.Ordinal)
            .Select(r => new NationalResultRow(r.ParticipantNumber, r.Category, r.Rank,
                r.Scores is { } s && s.Length == subtests.Length ? subtests.Select((c, i) => (c, s[i])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal) : null,
                r.Total, r.Passed, r.Advances, r.Outcome, r.FinishedAttempts, r.FromFormationId is { } from ? fromCodes[from] : null))
            .ToList();
        // the run wrote whether the formation was closed when it ran; a formation with no rows asks the closures
        var final = rows.Count > 0 ? rows[0].Final : await db.FormationClosures.AsNoTracking().AnyAsync(c => c.FormationId == formation.Id && c.ClosedAt <= run.At, ct);
        return (new NationalFormationResults(NationalFormationResults.FormatName, run.Id, run.At, final,
            new NationalFormationInfo(formation.Code, formation.Agency, formation.Position, formation.Location, formation.Education, formation.Quota),
            setCode, subtests, ordered), null);
    }

    /// <summary>The CSV columns, in order; the subtests' codes in lower case stand before <c>total</c>.</summary>
    public static IReadOnlyList<string> CsvColumns(IReadOnlyList<string> subtests) =>
    [
        "formation_code", "participant_number", "category", "rank", .. subtests.Select(s => s.ToLowerInvariant()), "total",
        "passed", "advances", "outcome", "final", "finished_attempts", "from_formation_code", "run_id",
    ];

    /// <summary>RFC 4180 (comma, CRLF, quoted when needed), UTF-8 without a BOM: for machines.</summary>
    public static byte[] Csv(NationalFormationResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var lines = results.Rows.Select(r => (IReadOnlyList<string>)
        [
            results.Formation.Code, r.ParticipantNumber, r.Category, Number(r.Rank),
            .. results.Subtests.Select(s => r.Scores is { } scores ? Number(scores[s]) : ""), Number(r.Total),
            Bool(r.Passed), Bool(r.Advances), r.Outcome, Bool(results.Final), Number(r.FinishedAttempts), r.FromFormation ?? "",
            Number(results.RunId),
        ]);
        return Encoding.UTF8.GetBytes(CsvWriting.Text(CsvColumns(results.Subtests), lines, "\r\n"));

        static string Number(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string Bool(bool b) => b ? "true" : "false";
    }
}
