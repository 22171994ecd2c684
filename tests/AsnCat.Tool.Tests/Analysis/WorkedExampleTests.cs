using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Analysis;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Tests.Analysis;

/// <summary>
/// The worked example of docs/item-analysis.md: 10 candidates, 4 key items and 2 weighted items,
/// each candidate's set drawn and shuffled as in a real session. The tool gives the numbers the
/// document shows (and recomputes by hand), and so does the simple reference computation.
/// </summary>
public sealed class WorkedExampleTests : IDisposable
{
    public const string Blueprint = """
        code: contoh
        name: Contoh analisis butir
        duration_minutes: 10
        subtests:
          - code: K
            name: Subtes berkunci
            scoring: key
            correct_points: 1
            items: 4
            difficulty: { mudah: 1, sedang: 2, sulit: 1 }
            subtopics:
              umum: { name: Umum, items: 4 }
          - code: W
            name: Subtes berbobot
            scoring: weighted
            weights: { min: 1, max: 5, distinct: true }
            items: 2
            difficulty: { mudah: 0, sedang: 2, sulit: 0 }
            subtopics:
              sikap: { name: Sikap, items: 2 }
        """;

    private const string Thresholds = """
        code: contoh-ambang
        name: Ambang contoh
        blueprint: contoh
        categories:
          umum:
            name: Umum
            require:
              - { score: total, min: 0 }
        ranking:
          tie_break: [K, W]
          advance_multiple: 3
        final:
          skd_weight: 40
          skb_weight: 60
          tie_break: [skd_total]
        """;

    // the bank: id, difficulty, key (K) or weights of A..E (W)
    private static readonly (string Id, string Subtest, Difficulty Difficulty, string? Key, int[]? Weights)[] Items =
    [
        ("K1", "K", Difficulty.Sedang, "A", null),
        ("K2", "K", Difficulty.Sedang, "B", null),
        ("K3", "K", Difficulty.Sulit, "C", null),
        ("K4", "K", Difficulty.Mudah, "E", null),
        ("W1", "W", Difficulty.Sedang, null, [5, 4, 3, 2, 1]),
        ("W2", "W", Difficulty.Sedang, null, [1, 2, 3, 4, 5]),
    ];

    // every candidate's answer to K1 K2 K3 K4 W1 W2 by the bank's letters; '-' is no answer (the table of the document)
    private static readonly string[] Answers =
    [
        "ABDEAE", "ABDEAD", "ABDEBE", "ACCEAD", "ABDEBC",
        "BBCECD", "ACCEBB", "CBAECC", "BACEDB", "D-BAEA",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The example's bundle with keys: sets drawn from the seed, answers put at each item's position.</summary>
    public static string Write(string path)
    {
        var errors = new List<FileError>();
        var blueprint = RuleFiles.ParseBlueprint("contoh.yaml", Blueprint, errors)!;
        Assert.Empty(errors);
        var pool = new ItemPool("contoh", blueprint, [.. Items.Select(i => new PoolItem(i.Id, blueprint.SubtestIndex(i.Subtest), 0, i.Difficulty))]);
        var key = new AnswerKey(pool, Items.ToDictionary(i => i.Id, i => i.Key is { } k ? ItemScoring.Key(k[0] - 'A') : ItemScoring.Weighted(i.Weights!)));
        var candidates = new List<BundleCandidate>();
        for (var c = 0; c < Answers.Length; c++)
        {
            var number = "P" + (c + 1).ToString("D2", CultureInfo.InvariantCulture);
            var set = pool.Draw("contoh", number);
            var sheet = new sbyte[set.Count];
            var answers = new string?[set.Count];
            for (var p = 0; p < set.Count; p++)
            {
                var letter = Answers[c][Array.FindIndex(Items, i => i.Id == pool.Items[set.ItemAt(p)].Id)];
                sheet[p] = letter == '-' ? AnswerKey.Blank : (sbyte)(letter - 'A');
                answers[p] = letter == '-' ? null : letter.ToString();
            }
            var card = key.Score(set, sheet);
            candidates.Add(new BundleCandidate(number, "Peserta " + (c + 1), "umum", new BundleFormation("F", 1), c + 1, set.ToText(pool), answers, [],
                new Dictionary<string, int> { ["K"] = card[0], ["W"] = card[1] }, card.Total, true, "candidate"));
        }
        var ledger = SessionLedger.Compute(candidates);
        var bundle = new ResultBundle(ResultBundle.FormatName, new BundleSession("CONTOH", "Ruang contoh", null, "WIB", null, null, "contoh"),
            new BundleBank("contoh", "contoh", Blueprint, true, [.. Items.Select(i => new BundleItem(i.Id, i.Subtest, i.Subtest == "K" ? "umum" : "sikap",
                i.Difficulty.ToString().ToLowerInvariant(), i.Key, i.Weights))]),
            new BundleThresholds("contoh-ambang", Thresholds), candidates, [], new BundleLedger(SessionLedger.Algorithm, ledger.Records, ledger.Head));
        File.WriteAllBytes(path, bundle.ToBytes());
        return path;
    }

    private static AnalysisRules Rules()
    {
        var rules = AnalysisRules.Load(TestPaths.QuestionBanks, [])!;
        return rules with { Flags = rules.Flags with { MinimumExposure = 10 } };   // the document's one change: 10 candidates are enough here
    }

    [Fact]
    public void The_tool_gives_the_numbers_the_document_recomputes_by_hand()
    {
        var path = Write(Path.Combine(_dir.Path, "CONTOH.kunci.json"));
        var report = ItemAnalysis.Analyze(AnalysisInput.Read([path]), Rules());
        var reference = AnalysisReference.Compute(path, [("K", 1, 4), ("W", 0, 2)], new AnalysisReference.Thresholds(MinimumExposure: 10));
        AnalysisComparison.AssertSame(report, reference);

        string Row(ItemStats i) => string.Create(CultureInfo.InvariantCulture,
            $"{i.Id} p={i.Facility:0.000} D={i.Discrimination:0.000} r={(i.PointBiserial is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "-")} {string.Join(",", i.Flags.Select(f => f.Code()))}");
        Assert.Equal(
            [
                "K1 p=0.600 D=1.000 r=0.175 daya_beda_rendah,distraktor_tidak_berfungsi",
                "K2 p=0.600 D=0.667 r=-0.098 daya_beda_negatif,distraktor_tidak_berfungsi",
                "K3 p=0.400 D=-0.333 r=-0.303 daya_beda_negatif,distraktor_tidak_berfungsi,kunci_mungkin_salah",
                "K4 p=0.900 D=0.333 r=0.804 distraktor_tidak_berfungsi",
                "W1 p=0.720 D=0.533 r=0.751 ",
                "W2 p=0.660 D=0.533 r=0.751 ",
            ],
            report.Items.Select(Row));
        var k = report.Subtests[0];
        var w = report.Subtests[1];
        Assert.Equal("KR-20 0.063 SEM 0.893 mean 2.500 sd 0.922", string.Create(CultureInfo.InvariantCulture, $"{k.ReliabilityName} {k.Reliability:0.000} SEM {k.StandardError:0.000} mean {k.Mean:0.000} sd {k.StandardDeviation:0.000}"));
        Assert.Equal("alpha Cronbach 0.858 SEM 0.900 mean 6.900 sd 2.385", string.Create(CultureInfo.InvariantCulture, $"{w.ReliabilityName} {w.Reliability:0.000} SEM {w.StandardError:0.000} mean {w.Mean:0.000} sd {w.StandardDeviation:0.000}"));
        Assert.Equal("D", report.Items[2].BeatingDistractor.ToString());
        Assert.Equal(["A:0.60/1.00/0.00", "B:0.20/0.00/0.33", "C:0.10/0.00/0.33", "D:0.10/0.00/0.33", "E:0.00/0.00/0.00", "-:0.00/0.00/0.00"],
            report.Items[0].Options.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Letter}:{o.Overall:0.00}/{o.Upper:0.00}/{o.Lower:0.00}")));
        Assert.Equal(3, report.Items[0].GroupSize);
        Assert.Equal([0, 0.1, 0.1, 0.2, 0.3, 0.3], report.Items[4].WeightShares.Select(x => Math.Round(x, 9)));   // W1: no answer, weight 1..5
        Assert.All(report.Equality.Candidates, c => Assert.Equal(9.4, c.Total, 9));   // everyone saw the same six items
    }
}
