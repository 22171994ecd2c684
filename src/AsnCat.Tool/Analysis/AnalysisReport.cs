using AsnCat.Scoring;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Analysis;

/// <summary>What the analysis says about an item (thresholds in <see cref="FlagRules"/>).</summary>
public enum ItemConcern
{
    /// <summary>Key subtests: facility above <see cref="FlagRules.TooEasyAbove"/>.</summary>
    TooEasy,

    /// <summary>Key subtests: facility below <see cref="FlagRules.TooHardBelow"/>.</summary>
    TooHard,

    /// <summary>Corrected point-biserial below <see cref="FlagRules.LowDiscriminationBelow"/> (and not negative).</summary>
    LowDiscrimination,

    /// <summary>Corrected point-biserial below <see cref="FlagRules.NegativeDiscriminationBelow"/>.</summary>
    NegativeDiscrimination,

    /// <summary>Key subtests: a distractor chosen by fewer than <see cref="FlagRules.DeadDistractorBelow"/> of those who saw the item.</summary>
    DeadDistractor,

    /// <summary>Key subtests: a distractor chosen in the upper group more often than the key ("kunci mungkin salah").</summary>
    WrongKey,
}

/// <summary>The Indonesian names of the flags: the code written in CSV and YAML, and what the console shows.</summary>
public static class ItemConcerns
{
    public static string Code(this ItemConcern flag) => flag switch
    {
        ItemConcern.TooEasy => "terlalu_mudah",
        ItemConcern.TooHard => "terlalu_sulit",
        ItemConcern.LowDiscrimination => "daya_beda_rendah",
        ItemConcern.NegativeDiscrimination => "daya_beda_negatif",
        ItemConcern.DeadDistractor => "distraktor_tidak_berfungsi",
        ItemConcern.WrongKey => "kunci_mungkin_salah",
        _ => throw new ArgumentOutOfRangeException(nameof(flag)),
    };

    public static string Label(this ItemConcern flag) => flag switch
    {
        ItemConcern.TooEasy => "terlalu mudah",
        ItemConcern.TooHard => "terlalu sulit",
        ItemConcern.LowDiscrimination => "daya beda rendah",
        ItemConcern.NegativeDiscrimination => "daya beda negatif",
        ItemConcern.DeadDistractor => "distraktor tidak berfungsi",
        ItemConcern.WrongKey => "kunci mungkin salah",
        _ => throw new ArgumentOutOfRangeException(nameof(flag)),
    };
}

/// <summary>
/// One original option (by its bank letter) of an item: its points, and the share of candidates who
/// chose it among all who saw the item, in the upper group and in the lower group. Letter <c>-</c> is no answer.
/// </summary>
public sealed record OptionStats(char Letter, int Points, bool IsKey, double Overall, double Upper, double Lower, int Chosen);

/// <summary>
/// One item of the pool. Statistics are null when nobody saw it (or, for the correlation, when the
/// item or the rest of the subtest did not vary). Facility and the discrimination index are in 0..1
/// of the item's highest points (for key items: the share correct).
/// </summary>
public sealed record ItemStats(
    AnalysisItem Item,
    string Subtest,
    int Exposure,
    double ExposureShare,
    int GroupSize,
    double? Facility,
    double? Discrimination,
    double? PointBiserial,
    double? MeanPoints,
    IReadOnlyList<OptionStats> Options,
    IReadOnlyList<ItemConcern> Flags,
    IReadOnlyList<char> DeadDistractors,
    char? BeatingDistractor)
{
    public string Id => Item.Id;

    public bool Weighted => Item.Key is null;

    /// <summary>Seen by fewer candidates than the rules' minimum: shown, never flagged.</summary>
    public bool TooFewToFlag { get; init; }

    /// <summary>Weighted items: the share of candidates whose answer earned w points, w = 0 (no answer) .. highest weight.</summary>
    public IReadOnlyList<double> WeightShares =>
        [.. Enumerable.Range(0, Item.MaxPoints + 1).Select(w => Options.Where(o => o.Points == w).Sum(o => o.Overall))];
}

/// <summary>
/// One subtest over the analysed candidates: KR-20 (key subtests) or Cronbach's alpha (weighted),
/// the standard error of measurement, mean and standard deviation of its scores, in score points.
/// </summary>
public sealed record SubtestStats(string Code, ScoringKind Scoring, int ItemsPerCandidate, int MaxScore, double Mean, double StandardDeviation, double? Reliability, double? StandardError)
{
    public string ReliabilityName => Scoring == ScoringKind.Key ? "KR-20" : "alpha Cronbach";
}

/// <summary>Everything the analysis of one or more sessions says, for the command, the console and the exports.</summary>
public sealed record AnalysisReport(
    string BankHash,
    string BlueprintCode,
    IReadOnlyList<BundleSession> Sessions,
    int Candidates,
    IReadOnlyList<ItemStats> Items,
    IReadOnlyList<SubtestStats> Subtests,
    EqualityReport Equality,
    AnalysisRules Rules)
{
    public IEnumerable<ItemStats> Flagged => Items.Where(i => i.Flags.Count > 0);
}
