using System.Globalization;
using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>How an import fills what a source does not say, and what it does with items it cannot keep.</summary>
/// <param name="Blueprint">The blueprint code; null: the one the source names, else the one whose subtests the items use.</param>
/// <param name="Subtest">The subtest for items whose source names none (or one the blueprint lacks).</param>
public sealed record ImportOptions(
    string? Blueprint = null,
    string? Code = null,
    string? Title = null,
    string? Subtest = null,
    string? Subtopic = null,
    Difficulty? Difficulty = null,
    bool SkipUnsupported = false);

/// <summary>
/// Places drafts in a blueprint: subtest, subtopic and difficulty from the source or else from the
/// options, and the source's scoring turned into what the subtest needs (a key, or a weight per
/// option within the blueprint's range). An item that cannot be placed is reported, never dropped.
/// </summary>
internal static class DraftResolver
{
    public static (List<ReadyItem> Ready, List<Unsupported> Unsupported) Resolve(IReadOnlyList<DraftItem> drafts, Blueprint blueprint, ImportOptions options)
    {
        var ready = new List<ReadyItem>();
        var unsupported = new List<Unsupported>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            var problems = new List<string>();
            var item = Resolve(draft, blueprint, options, problems);
            if (item is not null && !ids.Add(item.Id))
            {
                problems.Add($"id '{item.Id}' ganda: dipakai soal lain di sumber yang sama");
            }
            if (problems.Count > 0 || item is null)
            {
                unsupported.Add(new Unsupported(draft.Id, string.Join("; ", problems)));
            }
            else
            {
                ready.Add(item);
            }
        }
        return (ready, unsupported);
    }

    private static ReadyItem? Resolve(DraftItem draft, Blueprint blueprint, ImportOptions options, List<string> problems)
    {
        if (!BankLoader.IdPattern().IsMatch(draft.Id))
        {
            problems.Add($"id '{draft.Id}' tidak sah untuk bank (hanya huruf, angka, '.', '_' dan '-')");
        }
        var subtest = Match(draft.Subtest, blueprint.Subtests.Select(s => s.Code)) ?? Match(options.Subtest, blueprint.Subtests.Select(s => s.Code));
        var spec = blueprint.Subtests.FirstOrDefault(s => s.Code == subtest);
        if (spec is null)
        {
            problems.Add(draft.Subtest is null
                ? $"subtes tidak disebut sumber; isi pemetaan subtes (--subtest) dengan salah satu dari: {string.Join(", ", blueprint.Subtests.Select(s => s.Code))}"
                : $"subtes '{draft.Subtest}' tidak ada di kisi-kisi {blueprint.Code} ({string.Join(", ", blueprint.Subtests.Select(s => s.Code))}); isi pemetaan subtes (--subtest)");
        }
        var subtopic = spec is null ? null : Match(draft.Subtopic, spec.Subtopics.Select(t => t.Code)) ?? Match(options.Subtopic, spec.Subtopics.Select(t => t.Code));
        if (spec is not null && subtopic is null)
        {
            problems.Add(draft.Subtopic is null
                ? $"subtopik tidak disebut sumber; isi pemetaan subtopik (--subtopic), subtes {spec.Code}: {string.Join(", ", spec.Subtopics.Select(t => t.Code))}"
                : $"subtopik '{draft.Subtopic}' tidak ada di subtes {spec.Code} ({string.Join(", ", spec.Subtopics.Select(t => t.Code))}); isi pemetaan subtopik (--subtopic)");
        }
        var difficulty = draft.Difficulty ?? options.Difficulty;
        if (difficulty is null)
        {
            problems.Add("tingkat kesulitan tidak disebut sumber; isi pemetaan tingkat kesulitan (--difficulty): mudah, sedang atau sulit");
        }
        if (draft.Options.Count != Options.Count)
        {
            problems.Add($"{draft.Options.Count} opsi; bank memakai tepat {Options.Count} opsi (A-E)");
        }
        else if (draft.Options.FirstOrDefault(o => o.Text is null && o.Image is null) is not null)
        {
            problems.Add("ada opsi yang kosong");
        }
        int? answer = null;
        IReadOnlyList<int>? weights = null;
        if (spec?.Scoring == ScoringKind.Key)
        {
            answer = Key(draft.Scoring, spec, problems);
        }
        else if (spec?.Scoring == ScoringKind.Weighted)
        {
            weights = Weights(draft.Scoring, spec, problems);
        }
        if (problems.Count > 0)
        {
            return null;
        }
        return new ReadyItem(draft.Id, spec!.Code, subtopic!, difficulty!.Value, draft.Stem, draft.Table, draft.Image, draft.Options, answer, weights, draft.Explanation);
    }

    private static int? Key(DraftScoring scoring, SubtestSpec spec, List<string> problems)
    {
        if (scoring.Correct is { } correct)
        {
            return correct;
        }
        var points = scoring.Points ?? [];
        var positive = points.Select((p, i) => (p, i)).Where(x => x.p > 0).ToList();
        var full = scoring.PointsArePercent ? 100m : positive.Select(x => x.p).DefaultIfEmpty().Max();
        if (points.Any(p => p < 0))
        {
            problems.Add($"nilai negatif untuk jawaban salah ({Join(points)}) tidak didukung; subtes {spec.Code}: salah atau kosong bernilai 0");
            return null;
        }
        if (positive.Count != 1 || positive[0].p != full)
        {
            problems.Add(positive.Count == 0
                ? "tidak ada jawaban benar"
                : $"nilai per opsi ({Join(points)}) bukan satu jawaban benar; subtes {spec.Code} memakai tepat satu kunci (jawaban ganda atau nilai sebagian tidak didukung)");
            return null;
        }
        return positive[0].i;
    }

    private static int[]? Weights(DraftScoring scoring, SubtestSpec spec, List<string> problems)
    {
        var rule = spec.Weights!;
        if (scoring.Points is not { } points)
        {
            problems.Add($"subtes {spec.Code} memakai bobot {rule.Min}..{rule.Max} untuk setiap opsi; sumber hanya memberi kunci jawaban");
            return null;
        }
        var weights = new int[points.Count];
        for (var o = 0; o < points.Count; o++)
        {
            var value = scoring.PointsArePercent ? points[o] * rule.Max / 100m : points[o];
            var rounded = Math.Round(value);
            if (Math.Abs(value - rounded) > 0.01m || rounded < rule.Min || rounded > rule.Max)
            {
                problems.Add($"nilai opsi ke-{o + 1} ({Join([points[o]])}{(scoring.PointsArePercent ? "%" : "")}) bukan bobot bulat {rule.Min}..{rule.Max} subtes {spec.Code}");
                return null;
            }
            weights[o] = (int)rounded;
        }
        if (rule.Distinct && weights.Distinct().Count() != weights.Length)
        {
            problems.Add($"bobot {string.Join(", ", weights)} harus permutasi {rule.Min}..{rule.Max} (setiap nilai tepat sekali) untuk subtes {spec.Code}");
            return null;
        }
        return weights;
    }

    private static string? Match(string? value, IEnumerable<string> codes) =>
        value is null ? null : codes.FirstOrDefault(c => string.Equals(c, value.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string Join(IEnumerable<decimal> points) => string.Join(", ", points.Select(p => p.ToString("0.#####", CultureInfo.InvariantCulture)));
}
