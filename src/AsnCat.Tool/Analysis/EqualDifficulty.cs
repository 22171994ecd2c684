using System.Globalization;
namespace AsnCat.Tool.Analysis;

/// <summary>Mean, standard deviation (population), lowest and highest of a set of values.</summary>
public sealed record Spread(int Count, double Mean, double StandardDeviation, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new Spread(0, 0, 0, 0, 0);
        }
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return new Spread(values.Count, mean, Math.Sqrt(variance), values.Min(), values.Max());
    }
}

/// <summary>A candidate's expected score: the sum over their set of each item's mean points, per subtest (blueprint order) and in total.</summary>
public sealed record ExpectedScore(AnalysisCandidate Candidate, string Session, string Venue, string TimeZone, IReadOnlyList<double> Subtests, double Total);

/// <summary>The mean expected total of one group (a venue, a time zone, a category or a session).</summary>
public sealed record GroupMean(string Group, int Count, double Mean);

/// <summary>
/// The groups of one dimension (<c>lokasi</c>, <c>zona waktu</c>, <c>kategori</c>, <c>sesi</c>) and the gap
/// between the highest and lowest mean among the groups with at least the rules' minimum of candidates;
/// <see cref="Gap"/> is null when fewer than two groups are that large.
/// </summary>
public sealed record GroupGap(string Dimension, IReadOnlyList<GroupMean> Groups, double? Gap);

/// <summary>"Were the sets equally hard?": the spread of expected scores, by group, and the verdict with the rule that decided it.</summary>
public sealed record EqualityReport(
    int MaxTotal,
    Spread Total,
    IReadOnlyList<(string Subtest, Spread Spread)> Subtests,
    IReadOnlyList<GroupGap> Groups,
    EqualityRules Rules,
    bool Equal,
    string Verdict,
    IReadOnlyList<ExpectedScore> Candidates)
{
    public double SpreadPercent => MaxTotal == 0 ? 0 : Total.StandardDeviation * 100 / MaxTotal;
}

/// <summary>
/// Judges whether the candidates' sets were equally hard: each candidate's expected score is the
/// sum over their own set of the items' mean points (a key item's mean is its facility × the points
/// for a correct answer). Their spread, and the gaps between venues, time zones, categories and
/// sessions, as percentages of the highest total, are compared with <see cref="EqualityRules"/>.
/// </summary>
public static class EqualDifficulty
{
    private static readonly CultureInfo Id = CultureInfo.InvariantCulture;

    public static EqualityReport Judge(AnalysisInput input, IReadOnlyList<ItemStats> items, EqualityRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rules);
        var bp = input.Blueprint;
        var l = input.Positions;
        var s = bp.Subtests.Count;
        var mean = items.Select(i => i.MeanPoints ?? 0).ToArray();
        var expected = new ExpectedScore[input.Candidates.Count];
        for (var c = 0; c < expected.Length; c++)
        {
            var perSubtest = new double[s];
            for (var p = 0; p < l; p++)
            {
                var item = input.ItemAt[(c * l) + p];
                perSubtest[input.Items[item].Subtest] += mean[item];
            }
            var who = input.Candidates[c];
            var session = input.Sessions[who.Session];
            expected[c] = new ExpectedScore(who, session.Code, session.Venue, session.TimeZone, perSubtest, perSubtest.Sum());
        }
        var total = Spread.Of([.. expected.Select(e => e.Total)]);
        var subtests = bp.Subtests.Select((st, t) => (st.Code, Spread.Of([.. expected.Select(e => e.Subtests[t])]))).ToList();
        List<GroupGap> groups =
        [
            Gap("lokasi", expected, e => e.Venue, rules),
            Gap("zona waktu", expected, e => e.TimeZone, rules),
            Gap("kategori", expected, e => e.Candidate.Category, rules),
        ];
        if (input.Sessions.Count > 1)
        {
            groups.Add(Gap("sesi", expected, e => e.Session, rules));
        }
        var (equal, verdict) = Verdict(bp.MaxTotal, total, groups, rules);
        return new EqualityReport(bp.MaxTotal, total, subtests, groups, rules, equal, verdict, expected);
    }

    private static GroupGap Gap(string dimension, ExpectedScore[] expected, Func<ExpectedScore, string> key, EqualityRules rules)
    {
        var groups = expected.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupMean(g.Key, g.Count(), g.Average(e => e.Total))).ToList();
        var compared = groups.Where(g => g.Count >= rules.MinimumGroup).ToList();
        return new GroupGap(dimension, groups, compared.Count < 2 ? null : compared.Max(g => g.Mean) - compared.Min(g => g.Mean));
    }

    private static (bool Equal, string Text) Verdict(int maxTotal, Spread total, List<GroupGap> groups, EqualityRules rules)
    {
        string Pct(double points) => (maxTotal == 0 ? 0 : points * 100 / maxTotal).ToString("0.00", Id) + " %";
        string Limit(double percent) => percent.ToString("0.0#", Id) + " %";
        var problems = new List<string>();
        var facts = new List<string>();
        var spreadText = $"simpangan baku nilai harapan antarpeserta {total.StandardDeviation.ToString("0.0#", Id)} poin ({Pct(total.StandardDeviation)} dari nilai maksimum {maxTotal}; batas {Limit(rules.MaxSpreadPercent)})";
        (total.StandardDeviation * 100 > rules.MaxSpreadPercent * maxTotal ? problems : facts).Add(spreadText);
        foreach (var g in groups)
        {
            if (g.Gap is not { } gap)
            {
                facts.Add($"{g.Dimension}: tidak dibandingkan (kurang dari dua kelompok dengan sedikitnya {rules.MinimumGroup} peserta)");
                continue;
            }
            var compared = g.Groups.Where(x => x.Count >= rules.MinimumGroup).ToList();
            var high = compared.MaxBy(x => x.Mean)!;
            var low = compared.MinBy(x => x.Mean)!;
            var text = $"selisih rata-rata antar{g.Dimension} {gap.ToString("0.0#", Id)} poin ({Pct(gap)}; batas {Limit(rules.MaxGroupGapPercent)}): "
                + $"{high.Group} {high.Mean.ToString("0.0#", Id)}, {low.Group} {low.Mean.ToString("0.0#", Id)}";
            (gap * 100 > rules.MaxGroupGapPercent * maxTotal ? problems : facts).Add(text);
        }
        if (total.Count == 0)
        {
            return (false, "Tidak dapat dinilai: tidak ada peserta yang mengerjakan.");
        }
        return problems.Count == 0
            ? (true, "Setara: perangkat soal para peserta sama sulit. " + Sentence(facts))
            : (false, "Tidak setara. " + Sentence(problems) + (facts.Count > 0 ? " Lainnya dalam batas: " + Sentence(facts) : ""));
    }

    private static string Sentence(List<string> parts) => string.Join("; ", parts) is { Length: > 0 } text ? char.ToUpperInvariant(text[0]) + text[1..] + "." : "";
}
