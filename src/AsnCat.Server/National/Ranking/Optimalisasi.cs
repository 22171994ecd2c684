using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
using YamlDotNet.RepresentationModel;
namespace AsnCat.Server.National.Ranking;

/// <summary>An optimalisasi rule file (<c>question-banks/optimalisasi/&lt;code&gt;.yaml</c>): which formations may fill another's places.</summary>
public sealed record OptimalisasiRule(string Code, string Name, bool SamePosition, bool SameEducation)
{
    /// <summary>The rule by code from the rules root; null with <paramref name="error"/> (Indonesian) when it cannot be read.</summary>
    public static OptimalisasiRule? Load(string root, string code, out string? error)
    {
        ArgumentNullException.ThrowIfNull(code);
        var path = Path.Combine(root, "optimalisasi", code + ".yaml");
        if (code.Length == 0 || code.IndexOfAny(['/', '\\', '.']) >= 0 || !File.Exists(path))
        {
            error = $"aturan optimalisasi '{code}' tidak ada (dicari di {path}); sebut kode berkas di question-banks/optimalisasi, mis. optimalisasi-2024";
            return null;
        }
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                yaml.Load(reader);
            }
            var map = (YamlMappingNode)yaml.Documents[0].RootNode;
            string Text(string key) => map.Children.TryGetValue(key, out var v) && v is YamlScalarNode { Value: { } s } ? s : throw new FormatException($"kunci '{key}' tidak ada");
            bool Flag(string key) => Text(key) switch { "true" => true, "false" => false, var v => throw new FormatException($"{key} harus true atau false, bukan '{v}'") };
            var rule = new OptimalisasiRule(Text("code"), Text("name"), Flag("same_position"), Flag("same_education"));
            if (rule.Code != code)
            {
                throw new FormatException($"code '{rule.Code}' berbeda dengan nama berkas '{code}'");
            }
            error = null;
            return rule;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or YamlDotNet.Core.YamlException or ArgumentOutOfRangeException)
        {
            error = $"berkas aturan optimalisasi {path} tidak dapat dibaca: {e.Message}";
            return null;
        }
    }
}

public sealed record OptimalisasiPlaced(string ParticipantNumber, string FromFormation, int Total);

public sealed record OptimalisasiResult(string FormationCode, string RuleCode, int Unfilled, IReadOnlyList<OptimalisasiPlaced> Placed);

/// <summary>A refusal of optimalisasi (Indonesian: what, where, how to fix); nothing was stored.</summary>
public sealed class OptimalisasiException(string message) : Exception(message);

/// <summary>
/// Optimalisasi (DOMAIN.md), a committee action: fills a formation's unfilled advancing places
/// (advance_multiple x quota less those advancing) in the newest run with the next-best passers who
/// did not advance in their own formation, from formations the rule file allows (same position, same
/// qualification), in ranking order (total, the threshold set's tie-breaks, participant number).
/// Stored as <see cref="OptimalisasiPlacement"/>s and audited; the next run lists them in the formation filled.
/// </summary>
public sealed class Optimalisasi(IDbContextFactory<AsnCatDb> dbs, RulesCatalog rules, TimeProvider time)
{
    public async Task<OptimalisasiResult> ApplyAsync(string formationCode, string ruleCode, string actor, string? address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(formationCode);
        ArgumentNullException.ThrowIfNull(ruleCode);
        var rule = OptimalisasiRule.Load(rules.Root, ruleCode, out var error) ?? throw new OptimalisasiException(error!);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var target = await db.Formations.AsNoTracking().SingleOrDefaultAsync(f => f.Code == formationCode, ct)
            ?? throw new OptimalisasiException($"Tidak ada formasi dengan kode '{formationCode}'.");
        var run = await db.NationalRankingRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct)
            ?? throw new OptimalisasiException("Peringkat nasional belum pernah disusun: susun peringkat (POST /api/national/ranking/runs) sebelum optimalisasi.");
        var donors = db.Formations.AsNoTracking().Where(f => f.Id != target.Id
            && (!rule.SamePosition || f.Position == target.Position) && (!rule.SameEducation || f.Education == target.Education));
        var placedAlready = db.OptimalisasiPlacements.Select(p => p.CandidateId);
        var pool = await db.NationalRankingRows.AsNoTracking()
            .Where(r => r.RunId == run.Id && r.Passed && !r.Advances && r.FromFormationId == null
                && donors.Any(f => f.Id == r.FormationId) && !placedAlready.Contains(r.CandidateId))
            .Join(db.ExamSessions, r => r.SessionId, s => s.Id, (r, s) => new { Row = r, s.ThresholdSetCode })
            .ToListAsync(ct);
        var advancing = await db.NationalRankingRows.CountAsync(r => r.RunId == run.Id && r.FormationId == target.Id && r.Advances, ct);
        var setCode = pool.Select(p => p.ThresholdSetCode).Distinct(StringComparer.Ordinal).ToList() switch
        {
            [] => null,
            [var one] => one,
            var many => throw new OptimalisasiException($"Formasi {formationCode}: calon pengisi dinilai dengan ambang batas berbeda ({string.Join(", ", many)}); optimalisasi hanya di antara peserta satu ambang batas."),
        };
        if (setCode is null)
        {
            // no one may fill it: recorded all the same, the committee acted
            await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.NationalRanking.Optimalisasi, target.Code,
                new { rule = rule.Code, run = run.Id, unfilled = 0, placed = Array.Empty<object>() }, ct);
            return new OptimalisasiResult(target.Code, rule.Code, 0, []);
        }
        var set = rules.Thresholds(setCode) ?? throw new OptimalisasiException($"Ambang batas '{setCode}' tidak dapat dimuat.");
        var unfilled = Math.Max(0, set.Ranking.AdvanceMultiple * target.Quota - advancing);
        var keys = new List<int[]> { Array.Empty<int>() };
        keys.AddRange(set.Ranking.TieBreak.Select(set.Terms));
        var chosen = pool.Select(p => p.Row)
            .OrderBy(r => r, Comparer<NationalRankingRow>.Create((a, b) =>
            {
                foreach (var k in keys)
                {
                    var c = ThresholdSet.Value(k, b.Scores!, b.Total!.Value).CompareTo(ThresholdSet.Value(k, a.Scores!, a.Total!.Value));
                    if (c != 0)
                    {
                        return c;
                    }
                }
                return string.CompareOrdinal(a.ParticipantNumber, b.ParticipantNumber);
            }))
            .Take(unfilled).ToList();
        var now = time.GetUtcNow();
        db.OptimalisasiPlacements.AddRange(chosen.Select(r => new OptimalisasiPlacement
        {
            FormationId = target.Id, CandidateId = r.CandidateId, DecidedAt = now, DecidedBy = actor, RuleCode = rule.Code,
        }));
        await db.SaveChangesAsync(ct);
        var fromCodes = await db.Formations.AsNoTracking().Where(f => chosen.Select(c => c.FormationId).Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Code, ct);
        var placed = chosen.Select(r => new OptimalisasiPlaced(r.ParticipantNumber, fromCodes[r.FormationId], r.Total!.Value)).ToList();
        await AuditLog.WriteAsync(dbs, time, actor, address, AuditActions.NationalRanking.Optimalisasi, target.Code,
            new { rule = rule.Code, run = run.Id, unfilled, placed = placed.Select(p => new { p.ParticipantNumber, p.FromFormation }) }, ct);
        return new OptimalisasiResult(target.Code, rule.Code, unfilled, placed);
    }
}
