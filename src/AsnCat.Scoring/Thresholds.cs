namespace AsnCat.Scoring;

/// <summary>
/// A condition of a threshold: a score must reach <see cref="Min"/>. The score is a subtest code,
/// <c>total</c>, or subtest codes joined by <c>+</c> (their sum, e.g. PPPK's
/// <c>MANAJERIAL+SOSIOKULTURAL</c>). With <see cref="ByPosition"/> the minimum is the formation's
/// position's value in the set's table (PPPK 2023's technical thresholds per position).
/// </summary>
public sealed record Requirement(string Score, int Min, bool ByPosition = false)
{
    public const string Total = "total";

    public const char Plus = '+';
}

public sealed record ThresholdCategory(string Code, string Name, IReadOnlyList<Requirement> Require);

/// <summary>
/// Order after the total, and how many advance: multiple x quota (plus ties with the last);
/// <see cref="Advance"/> says in words what advancing means (<c>lanjut SKB</c>, <c>masuk kuota formasi</c>).
/// </summary>
public sealed record RankingRule(IReadOnlyList<string> TieBreak, int AdvanceMultiple, string Advance = RankingRule.DefaultAdvance)
{
    public const string DefaultAdvance = "lanjut ke tahap berikutnya";
}

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
/// A named, versioned threshold set (e.g. <c>skd-2024</c>, <c>pppk-2023</c>): per category the
/// conditions a candidate must meet (none: ranking only), the technical minimum per position
/// where a condition says so, and the ranking and final-score rules that go with them. Data,
/// not code: a new decree is a new set.
/// </summary>
public sealed class ThresholdSet
{
    private readonly string[] _categoryCodes;
    private readonly (int[] Terms, int Min, bool ByPosition)[][] _compiled;   // terms: subtest indices; none = total
    private readonly string[] _positions;
    private readonly int[] _positionMins;

    public ThresholdSet(string code, string name, Blueprint blueprint, IReadOnlyList<ThresholdCategory> categories, RankingRule ranking, FinalRule? final,
        IReadOnlyDictionary<string, int>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(ranking);
        Code = code;
        Name = name;
        Blueprint = blueprint;
        Categories = categories;
        Ranking = ranking;
        Final = final;
        Positions = positions ?? new Dictionary<string, int>(StringComparer.Ordinal);
        _positions = [.. Positions.Keys.Order(StringComparer.Ordinal)];
        _positionMins = [.. _positions.Select(p => Positions[p])];
        _categoryCodes = categories.Select(c => c.Code).ToArray();
        _compiled = categories.Select(c => c.Require.Select(r => (Terms(r.Score), r.Min, r.ByPosition)).ToArray()).ToArray();
        if (_positions.Length == 0 && categories.SelectMany(c => c.Require).FirstOrDefault(r => r.ByPosition) is { } needs)
        {
            throw new ArgumentException($"syarat {needs.Score} memakai nilai per jabatan, tetapi ambang batas {code} tidak memiliki tabel jabatan (positions)", nameof(positions));
        }
        foreach (var tb in ranking.TieBreak)
        {
            Terms(tb);
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

    /// <summary>The integrated final score (SKD + SKB); null when the selection has no next stage (PPPK).</summary>
    public FinalRule? Final { get; }

    /// <summary>The minimum of every <see cref="Requirement.ByPosition"/> condition, by the formation's position (jabatan).</summary>
    public IReadOnlyDictionary<string, int> Positions { get; }

    /// <summary>Index of a category code, or -1.</summary>
    public int CategoryIndex(string code) => Array.IndexOf(_categoryCodes, code);

    /// <summary>Index of a position in the table, or -1 (also for null).</summary>
    public int PositionIndex(string? position) => position is null ? -1 : Array.IndexOf(_positions, position);

    /// <summary>Whether the category has a condition whose minimum depends on the position.</summary>
    public bool NeedsPosition(int category) => _compiled[category].Any(r => r.ByPosition);

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

    /// <summary>The subtests a score adds up (none for <c>total</c>): <c>TIU</c>, <c>MANAJERIAL+SOSIOKULTURAL</c>.</summary>
    public int[] Terms(string score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (score == Requirement.Total)
        {
            return [];
        }
        var parts = score.Split(Requirement.Plus);
        var terms = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            terms[i] = Blueprint.SubtestIndex(parts[i]);
            if (terms[i] < 0 || Array.IndexOf(terms, terms[i]) < i)
            {
                throw new ArgumentException($"nilai '{score}' bukan subtes kisi-kisi {Blueprint.Code}, 'total', atau subtes berbeda yang dijumlah dengan '+'", nameof(score));
            }
        }
        return terms;
    }

    /// <summary>The value of a score's terms: their sum, or the total when there are none.</summary>
    public static int Value(int[] terms, ReadOnlySpan<int> scores, int total)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Length == 0)
        {
            return total;
        }
        var sum = 0;
        foreach (var t in terms)
        {
            sum += scores[t];
        }
        return sum;
    }

    /// <summary>The highest value a score's terms can reach.</summary>
    public int MaxOf(int[] terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.Length == 0 ? Blueprint.MaxTotal : terms.Sum(t => Blueprint.Subtests[t].MaxScore);
    }

    /// <summary>
    /// Whether per-subtest <paramref name="scores"/> meet the category's conditions (allocation-free);
    /// <paramref name="position"/> is <see cref="PositionIndex"/> of the formation's position.
    /// </summary>
    public bool Passes(int category, ReadOnlySpan<int> scores, int total, int position = -1)
    {
        foreach (var (terms, min, byPosition) in _compiled[category])
        {
            if (Value(terms, scores, total) < (byPosition ? PositionMin(position) : min))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Pass or fail, naming every condition that failed; <paramref name="position"/> is the formation's position (jabatan).</summary>
    public ThresholdOutcome Evaluate(string category, ScoreCard card, string? position = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var c = CategoryIndex(category);
        if (c < 0)
        {
            throw new ArgumentException($"kategori '{category}' tidak ada di ambang batas {Code}", nameof(category));
        }
        var p = PositionIndex(position);
        if (p < 0 && NeedsPosition(c))
        {
            throw new ArgumentException(MissingPosition(position), nameof(position));
        }
        List<FailedRequirement>? failed = null;
        var scores = card.Subtests as int[] ?? [.. card.Subtests];
        foreach (var (r, i) in Categories[c].Require.Select((r, i) => (r, i)))
        {
            var (terms, min, byPosition) = _compiled[c][i];
            var actual = Value(terms, scores, card.Total);
            var needed = byPosition ? _positionMins[p] : min;
            if (actual < needed)
            {
                (failed ??= []).Add(new FailedRequirement(r.Score, needed, actual));
            }
        }
        return failed is null ? ThresholdOutcome.Pass : new ThresholdOutcome(false, failed);
    }

    /// <summary>Why a candidate of a category with per-position conditions cannot be judged: the position is not in the table.</summary>
    public string MissingPosition(string? position) =>
        $"jabatan '{position}' tidak ada di tabel ambang batas teknis {Code} (positions); tambahkan jabatan itu ke berkas ambang batas atau pakai ambang batas lain";

    private int PositionMin(int position) =>
        (uint)position < (uint)_positionMins.Length ? _positionMins[position] : throw new ArgumentException(MissingPosition(null), nameof(position));
}
