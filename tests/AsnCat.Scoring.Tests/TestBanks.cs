using AsnCat.Scoring;

namespace AsnCat.Scoring.Tests;

/// <summary>Small in-memory blueprints and banks for the scoring tests.</summary>
internal static class TestBanks
{
    /// <summary>The SKD blueprint's shape (same quotas and mix as question-banks/blueprints/skd.yaml).</summary>
    public static Blueprint Skd { get; } = new("skd", "SKD", 100,
    [
        new SubtestSpec("TWK", "TWK", ScoringKind.Key, 5, null, 30, [9, 15, 6],
            [new("nasionalisme", "", 6), new("integritas", "", 6), new("bela-negara", "", 6), new("pilar-negara", "", 6), new("bahasa-indonesia", "", 6)]),
        new SubtestSpec("TIU", "TIU", ScoringKind.Key, 5, null, 35, [10, 18, 7],
            [new("verbal-analogi", "", 4), new("verbal-silogisme", "", 4), new("verbal-analitis", "", 4), new("numerik-berhitung", "", 4),
             new("numerik-deret", "", 4), new("numerik-perbandingan", "", 3), new("numerik-soal-cerita", "", 4), new("figural-analogi", "", 3),
             new("figural-ketidaksamaan", "", 2), new("figural-serial", "", 3)]),
        new SubtestSpec("TKP", "TKP", ScoringKind.Weighted, 0, new WeightRule(1, 5, true), 45, [14, 22, 9],
            [new("pelayanan-publik", "", 8), new("jejaring-kerja", "", 8), new("sosial-budaya", "", 7), new("tik", "", 7), new("profesionalisme", "", 8), new("anti-radikalisme", "", 7)]),
    ]);

    /// <summary>A bank holding <paramref name="times"/> x each subtopic's quota, difficulties spread 30/50/20.</summary>
    public static List<PoolItem> Items(Blueprint blueprint, int times = 2)
    {
        var items = new List<PoolItem>();
        for (var s = 0; s < blueprint.Subtests.Count; s++)
        {
            var spec = blueprint.Subtests[s];
            for (var t = 0; t < spec.Subtopics.Count; t++)
            {
                var n = spec.Subtopics[t].Items * times;
                for (var i = 0; i < n; i++)
                {
                    var d = (i * 10 / n) switch { < 3 => Difficulty.Mudah, < 8 => Difficulty.Sedang, _ => Difficulty.Sulit };
                    items.Add(new PoolItem($"{spec.Code}-{t:D2}-{i:D3}", s, t, d));
                }
            }
        }
        return items;
    }

    /// <summary>Keys: answer = (hash of id) mod 5; TKP weights a rotation of 1..5.</summary>
    public static Dictionary<string, ItemScoring> Keys(Blueprint blueprint, IEnumerable<PoolItem> items) =>
        items.ToDictionary(i => i.Id, i =>
        {
            var h = (int)((uint)StableHash(i.Id) % 5);
            return blueprint.Subtests[i.Subtest].Scoring == ScoringKind.Key
                ? ItemScoring.Key(h)
                : ItemScoring.Weighted(Enumerable.Range(0, 5).Select(k => ((k + h) % 5) + 1).ToArray());
        });

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }
        return h;
    }
}

internal static class TestThresholds
{
    /// <summary>The same numbers as question-banks/thresholds/skd-2024.yaml (the server tests check the file itself).</summary>
    public static ThresholdSet Skd2024 { get; } = new("skd-2024", "SKD 2024", TestBanks.Skd,
    [
        new("umum", "Umum", [new("TWK", 65), new("TIU", 80), new("TKP", 166)]),
        new("cumlaude", "Cumlaude", [new("total", 311), new("TIU", 85)]),
        new("diaspora", "Diaspora", [new("total", 311), new("TIU", 85)]),
        new("disabilitas", "Disabilitas", [new("total", 286), new("TIU", 60)]),
        new("papua", "Papua", [new("total", 286), new("TIU", 60)]),
        new("daerah_tertinggal", "Daerah tertinggal", [new("total", 286), new("TIU", 60)]),
    ],
    new RankingRule(["TKP", "TIU", "TWK"], 3),
    new FinalRule(40, 60, ["skd_total", "TKP", "TIU", "TWK", "ipk", "older"]));
}
