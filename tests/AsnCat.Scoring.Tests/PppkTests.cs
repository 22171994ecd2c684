namespace AsnCat.Scoring.Tests;

/// <summary>
/// PPPK: 145 items (TEKNIS 90 keyed, MANAJERIAL 25, SOSIOKULTURAL 20 and WAWANCARA 10 weighted 1..4
/// with repeats), the 2023 thresholds (combined managerial + socio-cultural, interview, technical
/// per position, none for kebutuhan khusus) and 2024's ranking only.
/// </summary>
public class PppkTests
{
    private static readonly Blueprint Pppk = new("pppk", "PPPK", 130,
    [
        new SubtestSpec("TEKNIS", "Teknis", ScoringKind.Key, 5, null, 90, [27, 45, 18], [new("kompetensi-teknis", "", 90)]),
        new SubtestSpec("MANAJERIAL", "Manajerial", ScoringKind.Weighted, 0, new WeightRule(1, 4, false), 25, [8, 12, 5],
            [new("integritas", "", 4), new("kerja-sama", "", 3), new("komunikasi", "", 3), new("orientasi-hasil", "", 3), new("pelayanan-publik", "", 3),
             new("pengembangan-diri", "", 3), new("mengelola-perubahan", "", 3), new("pengambilan-keputusan", "", 3)]),
        new SubtestSpec("SOSIOKULTURAL", "Sosiokultural", ScoringKind.Weighted, 0, new WeightRule(1, 4, false), 20, [6, 10, 4], [new("perekat-bangsa", "", 20)]),
        new SubtestSpec("WAWANCARA", "Wawancara", ScoringKind.Weighted, 0, new WeightRule(1, 4, false), 10, [3, 5, 2], [new("integritas-moralitas", "", 10)]),
    ]);

    private const string PranataKomputer = "Pranata Komputer Ahli Pertama";

    private const string Lowest = "Jabatan dengan ambang terendah";

    private static readonly RankingRule Rule = new(["TEKNIS", "MANAJERIAL+SOSIOKULTURAL", "WAWANCARA"], 1, "masuk kuota formasi");

    /// <summary>The numbers of question-banks/thresholds/pppk-2023.yaml, plus a second position at the reported lowest, 135.</summary>
    private static readonly ThresholdSet Pppk2023 = new("pppk-2023", "PPPK 2023", Pppk,
    [
        new("umum", "Umum", [new("MANAJERIAL+SOSIOKULTURAL", 117), new("WAWANCARA", 24), new("TEKNIS", 0, ByPosition: true)]),
        new("kebutuhan_khusus", "Kebutuhan khusus", []),
    ],
    Rule, null, new Dictionary<string, int> { [PranataKomputer] = 315, [Lowest] = 135 });

    private static readonly ThresholdSet Pppk2024 = new("pppk-2024", "PPPK 2024", Pppk,
        [new("umum", "Umum", []), new("kebutuhan_khusus", "Kebutuhan khusus", [])], Rule, null);

    private static ScoreCard Card(int teknis, int manajerial, int sosiokultural, int wawancara) =>
        new([teknis, manajerial, sosiokultural, wawancara], teknis + manajerial + sosiokultural + wawancara);

    [Theory]
    // managerial + socio-cultural together >= 117: one below, at, one above (either subtest may carry it)
    [InlineData(315, 60, 56, 30, false, "MANAJERIAL+SOSIOKULTURAL 116 < 117")]
    [InlineData(315, 60, 57, 30, true, "")]
    [InlineData(315, 40, 78, 30, true, "")]
    [InlineData(315, 61, 57, 30, true, "")]
    // interview >= 24
    [InlineData(315, 70, 60, 23, false, "WAWANCARA 23 < 24")]
    [InlineData(315, 70, 60, 24, true, "")]
    [InlineData(315, 70, 60, 25, true, "")]
    // technical >= 315 for Pranata Komputer Ahli Pertama
    [InlineData(310, 70, 60, 30, false, "TEKNIS 310 < 315")]
    [InlineData(314, 70, 60, 30, false, "TEKNIS 314 < 315")]
    [InlineData(315, 70, 60, 30, true, "")]
    [InlineData(316, 70, 60, 30, true, "")]
    // every failed condition is named
    [InlineData(200, 50, 50, 20, false, "MANAJERIAL+SOSIOKULTURAL 100 < 117, WAWANCARA 20 < 24, TEKNIS 200 < 315")]
    public void Pppk_2023_umum_passes_at_each_minimum_and_fails_one_below(int teknis, int manajerial, int sosiokultural, int wawancara, bool passed, string failed)
    {
        var card = Card(teknis, manajerial, sosiokultural, wawancara);
        var outcome = Pppk2023.Evaluate("umum", card, PranataKomputer);
        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(failed, string.Join(", ", outcome.Failed));
        Assert.Equal(passed, Pppk2023.Passes(Pppk2023.CategoryIndex("umum"), [teknis, manajerial, sosiokultural, wawancara], card.Total, Pppk2023.PositionIndex(PranataKomputer)));
    }

    [Theory]
    [InlineData(134, false)]
    [InlineData(135, true)]
    [InlineData(136, true)]
    public void The_technical_minimum_is_the_formations_position_not_one_number(int teknis, bool passed)
    {
        var outcome = Pppk2023.Evaluate("umum", Card(teknis, 70, 60, 30), Lowest);
        Assert.Equal(passed, outcome.Passed);
        // the same score judged for Pranata Komputer (315) fails
        Assert.False(Pppk2023.Evaluate("umum", Card(teknis, 70, 60, 30), PranataKomputer).Passed);
    }

    [Fact]
    public void A_position_missing_from_the_table_is_an_error_naming_it_not_a_silent_pass_or_fail()
    {
        var e = Assert.Throws<ArgumentException>(() => Pppk2023.Evaluate("umum", Card(450, 100, 80, 40), "Analis Kebijakan Ahli Muda"));
        Assert.Contains("Analis Kebijakan Ahli Muda", e.Message, StringComparison.Ordinal);
        var candidate = new Contestant("P-1", 0, 0, [450, 100, 80, 40]);
        e = Assert.Throws<ArgumentException>(() => Ranking.Rank(Pppk2023, [new FormationQuota("F-1", 1, "Analis Kebijakan Ahli Muda")], [candidate]));
        Assert.Contains("F-1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(135, 40, 40, 10)]
    [InlineData(450, 100, 80, 40)]
    public void Kebutuhan_khusus_and_all_of_2024_have_no_threshold_whatever_the_scores(int teknis, int manajerial, int sosiokultural, int wawancara)
    {
        var card = Card(teknis, manajerial, sosiokultural, wawancara);
        Assert.True(Pppk2023.Evaluate("kebutuhan_khusus", card, "Jabatan yang tidak ada di tabel").Passed);
        Assert.True(Pppk2024.Evaluate("umum", card).Passed);
        Assert.True(Pppk2024.Evaluate("kebutuhan_khusus", card).Passed);
    }

    [Fact]
    public void Ranking_breaks_ties_by_technical_then_managerial_plus_socio_cultural_then_interview_and_fills_the_quota()
    {
        Contestant C(string number, int teknis, int manajerial, int sosiokultural, int wawancara) =>
            new(number, 0, 0, [teknis, manajerial, sosiokultural, wawancara]);
        var people = new[]
        {
            C("P-01", 400, 80, 60, 30),   // 570
            C("P-02", 410, 70, 60, 30),   // 570, more TEKNIS: ahead of P-01
            C("P-03", 400, 90, 50, 30),   // 570, TEKNIS and M+S equal to P-01: same rank
            C("P-04", 400, 60, 80, 30),   // 570, same TEKNIS and M+S (140) as P-01 too
            C("P-05", 390, 80, 70, 30),   // 570, less TEKNIS
            C("P-06", 300, 80, 70, 30),   // passes nothing: TEKNIS 300 < 315 in 2023
        };
        var rows = Ranking.Rank(Pppk2023, [new FormationQuota("F-1", 2, PranataKomputer)], people);
        Assert.Equal(
            [("P-02", 1, true), ("P-01", 2, true), ("P-03", 2, true), ("P-04", 2, true), ("P-05", 5, false), ("P-06", 0, false)],
            rows.Select(r => (people[r.Contestant].ParticipantNumber, r.Rank, r.Advances)));

        // 2024: no threshold, so P-06 is ranked too
        var rows2024 = Ranking.Rank(Pppk2024, [new FormationQuota("F-1", 2)], people);
        Assert.Equal(6, rows2024.Single(r => people[r.Contestant].ParticipantNumber == "P-06").Rank);
        Assert.All(rows2024, r => Assert.True(r.Passed));
    }

    [Fact]
    public void Weighted_1_to_4_items_score_the_chosen_weight_with_repeats_and_blank_zero()
    {
        var items = TestBanks.Items(Pppk);
        var pool = new ItemPool("h", Pppk, items);
        // TEKNIS keyed; the weighted subtests carry 1..4 with one weight repeated (five options, four values)
        var scoring = items.ToDictionary(i => i.Id, i => Pppk.Subtests[i.Subtest].Scoring == ScoringKind.Key
            ? ItemScoring.Key(2)
            : ItemScoring.Weighted(3, 4, 1, 2, 4));
        var key = new AnswerKey(pool, scoring);
        var set = pool.Draw("pppk", "p1");
        Assert.Equal(145, set.Count);

        var best = new sbyte[set.Count];
        for (var p = 0; p < set.Count; p++)
        {
            best[p] = p < 90 ? (sbyte)2 : (sbyte)1;   // the key, or the first of the two options weighted 4
        }
        var card = key.Score(set, best);
        Assert.Equal([450, 100, 80, 40], card.Subtests);
        Assert.Equal(670, card.Total);
        Assert.Equal(670, Pppk.MaxTotal);

        // the other 4 scores the same; a 1, a 3 and blanks score what they carry
        var sheet = Enumerable.Repeat(AnswerKey.Blank, set.Count).ToArray();
        sheet[90] = 4;    // MANAJERIAL: E, the repeated 4
        sheet[91] = 1;    // MANAJERIAL: B, 4
        sheet[92] = 2;    // MANAJERIAL: C, 1
        sheet[115] = 0;   // SOSIOKULTURAL: A, 3
        sheet[135] = 3;   // WAWANCARA: D, 2
        sheet[0] = 1;     // TEKNIS: wrong
        sheet[1] = 2;     // TEKNIS: the key
        card = key.Score(set, sheet);
        Assert.Equal([5, 9, 3, 2], card.Subtests);
        Assert.Equal(19, card.Total);
    }

    [Fact]
    public void A_summed_score_must_name_distinct_subtests_of_the_blueprint()
    {
        Assert.Throws<ArgumentException>(() => new ThresholdSet("x", "x", Pppk, [new("umum", "u", [new("MANAJERIAL+SOSIAL", 117)])], Rule, null));
        Assert.Throws<ArgumentException>(() => new ThresholdSet("x", "x", Pppk, [new("umum", "u", [new("MANAJERIAL+MANAJERIAL", 117)])], Rule, null));
        Assert.Throws<ArgumentException>(() => new ThresholdSet("x", "x", Pppk, [new("umum", "u", [new("TEKNIS", 0, ByPosition: true)])], Rule, null));
    }
}
