namespace AsnCat.Scoring;

/// <summary>A condition of a threshold: a subtest code (or <c>total</c>) must reach <see cref="Min"/>.</summary>
public sealed record Requirement(string Score, int Min)
{
    public const string Total = "total";
}

public sealed record ThresholdCategory(string Code, string Name, IReadOnlyList<Requirement> Require);

/// <summary>Order after the total, and how many advance: multiple x quota (plus ties with the last).</summary>
public sealed record RankingRule(IReadOnlyList<string> TieBreak, int AdvanceMultiple);

/// <summary>Weights of the integrated final score (percent) and its tie-break chain.</summary>
public sealed record FinalRule(int SkdWeight, int SkbWeight, IReadOnlyList<string> TieBreak);

/// <summary>A failed condition, e.g. <c>TKP 165 &lt; 166</c>.</summary>
public sealed record FailedRequirement(string Score, int Min, int Actual)
{
    public override string ToString() => $"{Score} {Actual} < {Min}";
}

public sealed record ThresholdOutcome(bool Passed, IReadOnlyList<FailedRequirement> Failed)
{
    public static readonly ThresholdOutcome Pass = new(true, []);

    public override string ToString() => Passed ? "lulus" : "tidak lulus: " + string.Join(", ", Failed);
}

/// <summary>
/// A named, versioned threshold set (e.g. <c>skd-2024</c>): per category the conditions a
/// candidate must meet, and the ranking and final-score rules that go with them. Data, not
/// code: a new decree is a new set.
/// </summary>
public sealed class ThresholdSet
{
    private readonly string[] _categoryCodes;
    private readonly (int Score, int Min)[][] _compiled;   // score index: subtest, or -1 for total

    public ThresholdSet(string code, string name, Blueprint blueprint, IReadOnlyList<ThresholdCategory> categories, RankingRule ranking, FinalRule final)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(final);
        Code = code;
        Name = name;
        Blueprint = blueprint;
        Categories = categories;
        Ranking = ranking;
        Final = final;
        _categoryCodes = categories.Select(c => c.Code).ToArray();
        _compiled = categories.Select(c => c.Require.Select(r => (ScoreIndex(r.Score), r.Min)).ToArray()).ToArray();
        foreach (var tb in ranking.TieBreak)
        {
            ScoreIndex(tb);
        }
        if (ranking.AdvanceMultiple < 0)
        {
            throw new ArgumentException("advance_multiple tidak boleh negatif", nameof(ranking));
        }
    }

    public string Code { get; }

    public string Name { get; }

    public Blueprint Blueprint { get; }

    public IReadOnlyList<ThresholdCategory> Categories { get; }

    public RankingRule Ranking { get; }

    public FinalRule Final { get; }

    /// <summary>Index of a category code, or -1.</summary>
    public int CategoryIndex(string code) => Array.IndexOf(_categoryCodes, code);

    /// <summary>Subtest index of a score name; -1 for <c>total</c>.</summary>
    public int ScoreIndex(string score)
    {
        if (score == Requirement.Total)
        {
            return -1;
        }
        var i = Blueprint.SubtestIndex(score);
        return i >= 0 ? i : throw new ArgumentException($"nilai '{score}' bukan subtes kisi-kisi {Blueprint.Code} atau 'total'", nameof(score));
    }

    /// <summary>Whether per-subtest <paramref name="scores"/> meet the category's conditions (allocation-free).</summary>
    public bool Passes(int category, ReadOnlySpan<int> scores, int total)
    {
        foreach (var (score, min) in _compiled[category])
        {
            if ((score < 0 ? total : scores[score]) < min)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Pass or fail, naming every condition that failed.</summary>
    public ThresholdOutcome Evaluate(string category, ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var c = CategoryIndex(category);
        if (c < 0)
        {
            throw new ArgumentException($"kategori '{category}' tidak ada di ambang batas {Code}", nameof(category));
        }
        List<FailedRequirement>? failed = null;
        foreach (var r in Categories[c].Require)
        {
            var i = ScoreIndex(r.Score);
            var actual = i < 0 ? card.Total : card.Subtests[i];
            if (actual < r.Min)
            {
                (failed ??= []).Add(new FailedRequirement(r.Score, r.Min, actual));
            }
        }
        return failed is null ? ThresholdOutcome.Pass : new ThresholdOutcome(false, failed);
    }
}
