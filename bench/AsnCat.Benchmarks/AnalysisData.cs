using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
namespace AsnCat.Benchmarks;

/// <summary>
/// Writes result bundles with keys for the item-analysis benchmark (bench/analyze.sh): the sample
/// bank, one session per venue (Jakarta WIB, Makassar WITA, Jayapura WIT, Medan WIB), every set
/// drawn as the server draws it, and answers from a simple ability model, all from a fixed seed, so
/// two runs write the same bytes. Bundle-shaped for <c>bank analyze</c>: the sets, final answers,
/// scores and ledger are real; answer events and rankings are left empty (so <c>verify</c>'s replay
/// and ranking checks do not apply to these files).
/// </summary>
internal static class AnalysisData
{
    public const string Verb = "analysis-data";

    private static readonly (string Venue, string Zone)[] Venues = [("Jakarta", "WIB"), ("Makassar", "WITA"), ("Jayapura", "WIT"), ("Medan", "WIB")];

    private static readonly string[] Categories = ["umum", "umum", "umum", "umum", "cumlaude", "disabilitas", "papua", "daerah_tertinggal"];

    /// <summary><c>analysis-data --candidates N --out DIR [--bank DIR] [--rules DIR]</c>; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var count = int.Parse(Arg("--candidates", "100000"), CultureInfo.InvariantCulture);
        var output = Arg("--out", "analysis-data");
        var rulesRoot = Arg("--rules", "question-banks");
        var catalog = new RulesCatalog(rulesRoot);
        var loaded = BankLoader.Load(Arg("--bank", Path.Combine(rulesRoot, "skd-contoh")), catalog.Blueprint);
        if (loaded.Bank is not { } bank)
        {
            Console.Error.WriteLine(string.Join("\n", loaded.Errors));
            return 2;
        }
        var blueprint = catalog.Blueprint(bank.BlueprintCode)!;
        var thresholds = catalog.Thresholds("skd-2024")!;
        var pool = bank.ToPool(blueprint);
        var key = bank.ToAnswerKey(pool);
        var items = bank.Items.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => new BundleItem(
            i.Id, i.Subtest, i.Subtopic, i.Difficulty.ToString().ToLowerInvariant(),
            i.Answer is { } a ? Options.Letter(a).ToString() : null, i.Weights)).ToList();
        var bankRecord = new BundleBank(bank.Hash, blueprint.Code, File.ReadAllText(Path.Combine(rulesRoot, "blueprints", blueprint.Code + ".yaml")), true, items);
        var thresholdRecord = new BundleThresholds(thresholds.Code, File.ReadAllText(Path.Combine(rulesRoot, "thresholds", thresholds.Code + ".yaml")));
        Directory.CreateDirectory(output);
        var per = (count + Venues.Length - 1) / Venues.Length;
        for (var v = 0; v < Venues.Length; v++)
        {
            var code = $"BENCH-{v + 1}";
            var seed = "bench-analisis-" + code;
            var candidates = new List<BundleCandidate>();
            for (var k = v * per; k < Math.Min(count, (v + 1) * per); k++)
            {
                candidates.Add(Candidate(k, seed, pool, key, blueprint, thresholds));
            }
            var ledger = SessionLedger.Compute(candidates);
            var bundle = new ResultBundle(ResultBundle.FormatName,
                new BundleSession(code, Venues[v].Venue, "Ruang 1", Venues[v].Zone, "2026-11-23T01:00:00.0000000Z", "2026-11-23T02:40:00.0000000Z", seed),
                bankRecord, thresholdRecord, candidates, [], new BundleLedger(SessionLedger.Algorithm, ledger.Records, ledger.Head));
            File.WriteAllBytes(Path.Combine(output, ResultBundle.FileName(code, includeKeys: true)), bundle.ToBytes());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{code}: {candidates.Count} peserta"));
        }
        return 0;
    }

    /// <summary>
    /// One candidate: ability from their own generator; a key item is right with probability
    /// 1 / (1 + e^-(1.7 (ability - item difficulty))), else a distractor, 3 % left blank; a weighted
    /// item's heavier options are likelier the abler the candidate.
    /// </summary>
    private static BundleCandidate Candidate(int k, string seed, ItemPool pool, AnswerKey key, Blueprint blueprint, ThresholdSet thresholds)
    {
        var number = "B" + (k + 1).ToString("D7", CultureInfo.InvariantCulture);
        var rng = Xoshiro256.FromText("asncat-analysis-bench|" + number);
        var ability = (Uniform(ref rng) + Uniform(ref rng) + Uniform(ref rng) - 1.5) * 2;
        var set = pool.Draw(seed, number);
        var sheet = new sbyte[set.Count];
        var answers = new string?[set.Count];
        for (var p = 0; p < set.Count; p++)
        {
            var item = set.ItemAt(p);
            if (Uniform(ref rng) < 0.03)
            {
                sheet[p] = AnswerKey.Blank;
                continue;
            }
            var difficulty = ((int)pool.Items[item].Difficulty - 1) + (((item * 37) % 11) - 5) / 10.0;
            var points = Enumerable.Range(0, Options.Count).Select(o => key.Points(item, o)).ToArray();
            int chosen;
            if (blueprint.Subtests[pool.Items[item].Subtest].Scoring == ScoringKind.Key)
            {
                var right = Array.IndexOf(points, points.Max());
                chosen = Uniform(ref rng) < 1 / (1 + Math.Exp(-1.7 * (ability - difficulty)))
                    ? right
                    : (right + 1 + rng.NextBelow(Options.Count - 1)) % Options.Count;
            }
            else
            {
                var weights = points.Select(w => Math.Exp(0.6 * w * (1 + ability) / 2)).ToArray();
                var u = Uniform(ref rng) * weights.Sum();
                chosen = 0;
                while (chosen < Options.Count - 1 && (u -= weights[chosen]) > 0)
                {
                    chosen++;
                }
            }
            sheet[p] = (sbyte)chosen;
            answers[p] = Options.Letter(chosen).ToString();
        }
        var card = key.Score(set, sheet);
        var category = Categories[k % Categories.Length];
        var scores = blueprint.Subtests.Select((s, i) => (s.Code, card[i])).ToDictionary(x => x.Code, x => x.Item2, StringComparer.Ordinal);
        return new BundleCandidate(number, "Peserta " + (k + 1).ToString(CultureInfo.InvariantCulture), category, new BundleFormation("F-BENCH", 100),
            null, set.ToText(pool), answers, [], scores, card.Total, thresholds.Evaluate(category, card).Passed, "candidate");
    }

    private static double Uniform(ref Xoshiro256 rng) => (rng.Next() >> 11) * (1.0 / (1UL << 53));
}
