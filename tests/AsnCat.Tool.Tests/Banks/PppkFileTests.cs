using AsnCat.Scoring;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Tests.Banks;

/// <summary>The shipped PPPK data: the sample bank and the 2023 and 2024 rule files, at every boundary of 2023.</summary>
public class PppkFileTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    private static ScoreCard Card(int teknis, int manajerial, int sosiokultural, int wawancara) =>
        new([teknis, manajerial, sosiokultural, wawancara], teknis + manajerial + sosiokultural + wawancara);

    [Theory]
    [InlineData(315, 60, 56, 30, false)]
    [InlineData(315, 60, 57, 30, true)]
    [InlineData(315, 60, 58, 30, true)]
    [InlineData(315, 70, 60, 23, false)]
    [InlineData(315, 70, 60, 24, true)]
    [InlineData(315, 70, 60, 25, true)]
    [InlineData(314, 70, 60, 30, false)]
    [InlineData(315, 70, 60, 30, true)]
    [InlineData(316, 70, 60, 30, true)]
    public void Pppk_2023_file_passes_at_each_minimum_and_fails_one_below(int teknis, int manajerial, int sosiokultural, int wawancara, bool passed)
    {
        var set = Catalog.Thresholds("pppk-2023");
        Assert.Empty(Catalog.Errors);
        Assert.Equal(passed, set!.Evaluate("umum", Card(teknis, manajerial, sosiokultural, wawancara), "Pranata Komputer Ahli Pertama").Passed);
        Assert.True(set.Evaluate("kebutuhan_khusus", Card(teknis, manajerial, sosiokultural, wawancara)).Passed);
    }

    [Fact]
    public void Pppk_2024_file_ranks_without_thresholds_and_neither_year_has_an_skb_stage()
    {
        var y2024 = Catalog.Thresholds("pppk-2024")!;
        var y2023 = Catalog.Thresholds("pppk-2023")!;
        Assert.Empty(Catalog.Errors);
        Assert.All(y2024.Categories, c => Assert.Empty(c.Require));
        Assert.True(y2024.Evaluate("umum", Card(0, 0, 0, 0)).Passed);
        Assert.Null(y2023.Final);
        Assert.Null(y2024.Final);
        Assert.Equal(["TEKNIS", "MANAJERIAL+SOSIOKULTURAL", "WAWANCARA"], y2024.Ranking.TieBreak);
        Assert.Equal((1, "masuk kuota formasi"), (y2023.Ranking.AdvanceMultiple, y2023.Ranking.Advance));
        Assert.Equal(670, y2023.Blueprint.MaxTotal);
    }

    [Fact]
    public void A_per_position_minimum_without_a_positions_table_is_refused_with_the_line()
    {
        using var dir = new TempDir();
        var text = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "thresholds", "pppk-2023.yaml"));
        text = text[..text.IndexOf("positions:", StringComparison.Ordinal)] + text[text.IndexOf("categories:", StringComparison.Ordinal)..];
        var path = dir.Write("pppk-x.yaml", text);
        var errors = new List<FileError>();
        Assert.Null(RuleFiles.ParseThresholds(path, File.ReadAllText(path), Catalog.Blueprint, errors));
        Assert.Contains(errors, e => e.Message.Contains("min 'by_position' memerlukan tabel 'positions'", StringComparison.Ordinal) && e.Line > 1);
    }

    [Fact]
    public void The_sample_bank_holds_twice_the_blueprint_in_every_cell_weighted_1_to_4_with_repeats()
    {
        var loaded = BankLoader.Load(Path.Combine(TestPaths.QuestionBanks, "pppk-contoh"), Catalog.Blueprint);
        Assert.Empty(loaded.Errors);
        var bank = loaded.Bank!;
        var blueprint = Catalog.Blueprint("pppk")!;
        foreach (var subtest in blueprint.Subtests)
        {
            var items = bank.Items.Where(i => i.Subtest == subtest.Code).ToList();
            foreach (var topic in subtest.Subtopics)
            {
                Assert.True(items.Count(i => i.Subtopic == topic.Code) >= 2 * topic.Items, $"{subtest.Code} {topic.Code}");
            }
            for (var d = 0; d < 3; d++)
            {
                Assert.True(items.Count(i => (int)i.Difficulty == d) >= 2 * subtest.DifficultyMix[d], $"{subtest.Code} {(Difficulty)d}");
            }
            if (subtest.Scoring == ScoringKind.Weighted)
            {
                Assert.All(items, i => Assert.True(i.Weights!.All(w => w is >= 1 and <= 4) && i.Weights!.Distinct().Count() < 5, i.Id));
            }
        }
        // every candidate of a large session gets a set
        var pool = bank.ToPool(blueprint);
        Assert.All(Enumerable.Range(0, 500), p => Assert.Equal(145, pool.Draw("sesi-pppk", $"P-{p:D4}").Count));
    }
}
