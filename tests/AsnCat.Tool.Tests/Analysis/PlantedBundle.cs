using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Tests.Analysis;

/// <summary>
/// A result bundle with keys built in the test: the sample bank, sets drawn from a seed, answers
/// from a simple ability model. One item's key is planted WRONG: the bundle (the committee's key)
/// says <see cref="PlantedKey"/>, but candidates answer as if <see cref="TrueAnswer"/> were right,
/// so the able ones choose it.
/// </summary>
internal static class PlantedBundle
{
    public const string Item = "TWK-NAS-001";

    public static readonly (string Code, int CorrectPoints, int Items)[] Subtests = [("TWK", 5, 30), ("TIU", 5, 35), ("TKP", 0, 45)];

    public static char PlantedKey { get; private set; }

    public static char TrueAnswer { get; private set; }

    /// <summary>Writes the bundle of <paramref name="count"/> candidates to <paramref name="path"/>; the same arguments write the same bytes.</summary>
    public static string Write(string path, int count, string code = "S-UJI", string venue = "Jakarta", string zone = "WIB", string prefix = "P")
    {
        var catalog = new RulesCatalog(TestPaths.QuestionBanks);
        var bank = BankLoader.Load(TestPaths.SampleBank, catalog.Blueprint).Bank!;
        var blueprint = catalog.Blueprint("skd")!;
        var thresholds = catalog.Thresholds("skd-2024")!;
        var pool = bank.ToPool(blueprint);
        var realKey = bank.ToAnswerKey(pool);
        var target = pool.Items.Select((it, i) => (it, i)).Single(x => x.it.Id == Item).i;
        var truth = bank.Items.Single(i => i.Id == Item).Answer!.Value;
        var planted = (truth + 2) % Options.Count;
        TrueAnswer = Options.Letter(truth);
        PlantedKey = Options.Letter(planted);
        // the bundle's (wrong) key: scores are what the committee's key gave
        var stated = bank.Items.ToDictionary(i => i.Id, i => i.Id == Item ? new ItemScoring(planted, null) : new ItemScoring(i.Answer, i.Weights));
        var key = new AnswerKey(pool, stated);
        var items = bank.Items.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => new BundleItem(i.Id, i.Subtest, i.Subtopic,
            i.Difficulty.ToString().ToLowerInvariant(), i.Answer is not null ? Options.Letter(i.Id == Item ? planted : i.Answer.Value).ToString() : null, i.Weights)).ToList();
        var seed = "seed-" + code;
        var candidates = new List<BundleCandidate>();
        for (var k = 0; k < count; k++)
        {
            var number = prefix + (k + 1).ToString("D5", CultureInfo.InvariantCulture);
            var rng = Xoshiro256.FromText("uji-analisis|" + number);
            var ability = (rng.NextBelow(1000) / 1000.0 * 4) - 2;
            var set = pool.Draw(seed, number);
            var sheet = new sbyte[set.Count];
            var answers = new string?[set.Count];
            for (var p = 0; p < set.Count; p++)
            {
                var item = set.ItemAt(p);
                var points = Enumerable.Range(0, Options.Count).Select(o => realKey.Points(item, o)).ToArray();
                var best = Array.IndexOf(points, points.Max());
                var chance = 1 / (1 + Math.Exp(-1.7 * (ability - ((int)pool.Items[item].Difficulty - 1))));
                var roll = rng.NextBelow(1000) / 1000.0;
                sheet[p] = roll < 0.04 ? AnswerKey.Blank
                    : roll < 0.04 + (0.96 * chance) ? (sbyte)best
                    : (sbyte)((best + 1 + rng.NextBelow(Options.Count - 1)) % Options.Count);
                answers[p] = sheet[p] < 0 ? null : Options.Letter(sheet[p]).ToString();
            }
            var card = key.Score(set, sheet);
            var scores = blueprint.Subtests.Select((s, i) => (s.Code, card[i])).ToDictionary(x => x.Code, x => x.Item2);
            var category = k % 5 == 0 ? "cumlaude" : "umum";
            candidates.Add(new BundleCandidate(number, "Peserta " + k, category, new BundleFormation("F-1", 5), k + 1, set.ToText(pool), answers, [],
                scores, card.Total, thresholds.Evaluate(category, card).Passed, "candidate"));
        }
        // one absent and one disqualified candidate: both stay out of the analysis
        candidates.Add(new BundleCandidate(prefix + "99998", "Tidak hadir", "umum", new BundleFormation("F-1", 5), null, null, [], [], null, null, null, "absent"));
        var dq = pool.Draw(seed, prefix + "99999");
        candidates.Add(new BundleCandidate(prefix + "99999", "Diskualifikasi", "umum", new BundleFormation("F-1", 5), null, dq.ToText(pool),
            [.. Enumerable.Repeat("A", dq.Count)], [], null, null, null, "disqualified"));
        var ledger = SessionLedger.Compute(candidates);
        var bundle = new ResultBundle(ResultBundle.FormatName, new BundleSession(code, venue, "R1", zone, null, null, seed),
            new BundleBank(bank.Hash, blueprint.Code, File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml")), true, items),
            new BundleThresholds("skd-2024", File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "thresholds", "skd-2024.yaml"))),
            candidates, [], new BundleLedger(SessionLedger.Algorithm, ledger.Records, ledger.Head));
        File.WriteAllBytes(path, bundle.ToBytes());
        return path;
    }
}
