using AsnCat.Server.Data;
using AsnCat.Server.Ledger;
using AsnCat.Tool.Analysis;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Analysis;

/// <summary>An ended session the committee can analyse, with the bank version it used.</summary>
public sealed record AnalysableSession(int Id, string Code, string Venue, string TimeZone, DateTimeOffset StartsAt, int BankVersionId, string BankCode, string BankHash, int Candidates);

/// <summary>The analysis of the chosen sessions (<see cref="Report"/>), or why there is none (<see cref="Error"/>).</summary>
public sealed record AnalysisOutcome(AnalysisReport? Report, IReadOnlyList<AnalysableSession> Sessions, string? Error)
{
    /// <summary>The bank version every chosen session used.</summary>
    public int? BankVersionId => Report is null ? null : Sessions[0].BankVersionId;
}

/// <summary>
/// The item analysis in the console: each ended session's result bundle with keys, built from the
/// database as the published one is (<see cref="ResultBundles"/>), analysed by AsnCat.Tool's
/// <see cref="ItemAnalysis"/> with the rule files of the server's question-banks folder, so the
/// console and <c>bank analyze</c> on the published bundles give the same numbers.
/// </summary>
public sealed class SessionAnalysis(IDbContextFactory<AsnCatDb> dbFactory, ResultBundles bundles, RulesCatalog rules)
{
    /// <summary>Every ended session, newest first.</summary>
    public async Task<List<AnalysableSession>> EndedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ExamSessions.AsNoTracking().Where(s => s.State == SessionState.Ended)
            .Select(s => new AnalysableSession(s.Id, s.Code, s.Venue, s.TimeZone, s.StartsAt, s.BankVersionId, s.BankVersion!.Code, s.BankVersion.Hash,
                s.Attempts.Count(a => a.Scores != null)))
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(s => s.StartsAt).ThenBy(s => s.Code, StringComparer.Ordinal)];
    }

    /// <summary>The analysis of the sessions <paramref name="ids"/>: all ended, all on one bank version.</summary>
    public async Task<AnalysisOutcome> AnalyzeAsync(IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new AnalysisOutcome(null, [], "Pilih setidaknya satu sesi yang sudah berakhir.");
        }
        var ended = (await EndedAsync(ct)).ToDictionary(s => s.Id);
        var missing = ids.Where(id => !ended.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            return new AnalysisOutcome(null, [], $"Sesi {string.Join(", ", missing)} tidak ada atau belum berakhir; analisis butir dibuat dari sesi yang sudah diakhiri.");
        }
        var chosen = ids.Distinct().Select(id => ended[id]).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        if (chosen.Select(s => s.BankVersionId).Distinct().Count() > 1)
        {
            var versions = string.Join("; ", chosen.GroupBy(s => s.BankVersionId).Select(g => $"versi {g.Key}: {string.Join(", ", g.Select(s => s.Code))}"));
            return new AnalysisOutcome(null, chosen, $"Sesi yang dipilih memakai versi bank yang berbeda ({versions}). Analisis lintas sesi hanya untuk satu versi bank; pilih sesi dari satu versi.");
        }
        var errors = new List<FileError>();
        var ruleSet = AnalysisRules.Load(rules.Root, errors);
        if (ruleSet is null)
        {
            return new AnalysisOutcome(null, chosen, "Berkas ambang analisis tidak dapat dibaca: " + string.Join("; ", errors) + ". Perbaiki berkas itu di folder question-banks server.");
        }
        var built = new List<Tool.Ledger.ResultBundle>();
        foreach (var s in chosen)
        {
            built.Add((await bundles.BuildAsync(s.Id, includeKeys: true, ct))!);
        }
        try
        {
            return new AnalysisOutcome(ItemAnalysis.Analyze(AnalysisInput.From(built), ruleSet), chosen, null);
        }
        catch (AnalysisInputException e)
        {
            return new AnalysisOutcome(null, chosen, e.Message);
        }
    }

    /// <summary>Session ids from a route or query (<c>3</c>, <c>3,5,8</c>); null when any part is not a positive number.</summary>
    public static List<int>? ParseIds(string? text)
    {
        var ids = new List<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return null;
            }
            ids.Add(id);
        }
        return ids.Count == 0 ? null : ids;
    }
}
