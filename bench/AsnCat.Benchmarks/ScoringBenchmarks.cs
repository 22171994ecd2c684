using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using BenchmarkDotNet.Attributes;
namespace AsnCat.Benchmarks;

/// <summary>Set drawing and sheet scoring on the sample SKD bank shipped with the server.</summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ScoringBenchmarks
{
    private const int Batch = 1000;
    private ItemPool _pool = null!;
    private AnswerKey _key = null!;
    private QuestionSet[] _sets = null!;
    private sbyte[][] _sheets = null!;
    private readonly int[] _subtests = new int[3];

    [GlobalSetup]
    public void Setup()
    {
        var catalog = new RulesCatalog(RulesCatalog.DefaultRoot);
        var loaded = BankLoader.Load(Path.Combine(RulesCatalog.DefaultRoot, "skd-contoh"), catalog.Blueprint);
        var bank = loaded.Bank ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        _pool = bank.ToPool(catalog.Blueprint("skd")!);
        _key = bank.ToAnswerKey(_pool);
        var rng = Xoshiro256.FromText("bench");
        _sets = Enumerable.Range(0, Batch).Select(i => _pool.Draw("bench", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        _sheets = _sets.Select(s => Enumerable.Range(0, s.Count).Select(_ => (sbyte)(rng.NextBelow(6) - 1)).ToArray()).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int DrawSets()
    {
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += _pool.Draw("sesi-bench", Participant(i)).ItemAt(0);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ScoreSheets()
    {
        var sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += _key.Score(_sets[i], _sheets[i], _subtests);
        }
        return sum;
    }

    private static readonly string[] Participants = Enumerable.Range(0, Batch).Select(i => i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string Participant(int i) => Participants[i];
}

/// <summary>Ranking at national scale: 4 million candidates over 250,000 formations.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RankingBenchmarks
{
    private ThresholdSet _thresholds = null!;
    private List<FormationQuota> _formations = null!;
    private List<Contestant> _contestants = null!;

    [GlobalSetup]
    public void Setup()
    {
        _thresholds = new RulesCatalog(RulesCatalog.DefaultRoot).Thresholds("skd-2024")!;
        var rng = Xoshiro256.FromText("rank-bench");
        _formations = Enumerable.Range(0, 250_000).Select(i => new FormationQuota($"F{i:D7}", 1 + rng.NextBelow(5))).ToList();
        _contestants = new List<Contestant>(4_000_000);
        for (var i = 0; i < 4_000_000; i++)
        {
            // realistic spread: scores in steps of 5 (TWK, TIU), TKP 120..225, many ties
            int[] scores = [5 * rng.NextBelow(31), 5 * rng.NextBelow(36), 120 + rng.NextBelow(106)];
            _contestants.Add(new Contestant($"{i:D16}", rng.NextBelow(250_000), rng.NextBelow(20) == 0 ? 1 + rng.NextBelow(5) : 0, scores));
        }
    }

    [Benchmark]
    public int Rank4MillionOver250kFormations() => Ranking.Rank(_thresholds, _formations, _contestants).Length;
}
