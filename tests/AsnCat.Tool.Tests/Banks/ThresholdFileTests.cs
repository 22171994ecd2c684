using AsnCat.Scoring;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Tests.Banks;

/// <summary>The shipped data files themselves, at every boundary of skd-2024.</summary>
public class ThresholdFileTests
{
    private static readonly RulesCatalog Catalog = new(TestPaths.QuestionBanks);

    [Theory]
    [InlineData("umum", 65, 80, 166, true)]
    [InlineData("umum", 60, 80, 166, false)]
    [InlineData("umum", 65, 75, 166, false)]
    [InlineData("umum", 65, 80, 165, false)]
    [InlineData("cumlaude", 50, 85, 176, true)]
    [InlineData("cumlaude", 50, 85, 175, false)]
    [InlineData("cumlaude", 60, 80, 200, false)]
    [InlineData("diaspora", 50, 85, 176, true)]
    [InlineData("diaspora", 50, 85, 175, false)]
    [InlineData("disabilitas", 40, 60, 186, true)]
    [InlineData("disabilitas", 40, 60, 185, false)]
    [InlineData("disabilitas", 45, 55, 200, false)]
    [InlineData("papua", 40, 60, 186, true)]
    [InlineData("papua", 40, 60, 185, false)]
    [InlineData("daerah_tertinggal", 40, 60, 186, true)]
    [InlineData("daerah_tertinggal", 40, 60, 185, false)]
    public void Skd_2024_file_passes_at_each_minimum_and_fails_one_below(string category, int twk, int tiu, int tkp, bool passed)
    {
        var set = Catalog.Thresholds("skd-2024");
        Assert.Empty(Catalog.Errors);
        Assert.Equal(passed, set!.Evaluate(category, new ScoreCard([twk, tiu, tkp], twk + tiu + tkp)).Passed);
    }

    [Fact]
    public void The_blueprints_are_sound_and_match_the_domain_numbers()
    {
        var skd = Catalog.Blueprint("skd")!;
        var pppk = Catalog.Blueprint("pppk")!;
        Assert.Empty(Catalog.Errors);
        Assert.Equal(["TWK 30 150", "TIU 35 175", "TKP 45 225"], skd.Subtests.Select(s => $"{s.Code} {s.Items} {s.MaxScore}"));
        Assert.Equal((100, 110, 550), (skd.DurationMinutes, skd.TotalItems, skd.MaxTotal));
        Assert.Equal((130, 145), (pppk.DurationMinutes, pppk.TotalItems));
        Assert.Equal(["TEKNIS 90", "MANAJERIAL 25", "SOSIOKULTURAL 20", "WAWANCARA 10"], pppk.Subtests.Select(s => $"{s.Code} {s.Items}"));
        var set = Catalog.Thresholds("skd-2024")!;
        Assert.Equal(["TKP", "TIU", "TWK"], set.Ranking.TieBreak);
        Assert.Equal((3, 40, 60), (set.Ranking.AdvanceMultiple, set.Final!.SkdWeight, set.Final.SkbWeight));
        Assert.Equal(["umum", "cumlaude", "diaspora", "disabilitas", "papua", "daerah_tertinggal"], set.Categories.Select(c => c.Code));
    }

    [Fact]
    public void A_blueprint_whose_quotas_do_not_add_up_is_refused_with_the_reason()
    {
        using var dir = new TempDir();
        var text = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml")).Replace("nasionalisme: { name: Nasionalisme, items: 6 }", "nasionalisme: { name: Nasionalisme, items: 7 }", StringComparison.Ordinal);
        var path = dir.Write("blueprints/skd.yaml", text);
        var errors = new List<FileError>();
        Assert.Null(RuleFiles.LoadBlueprint(path, errors));
        Assert.Contains(errors, e => e.Message.Contains("subtes TWK: jumlah kuota subtopik 31 tidak sama dengan jumlah soal 30", StringComparison.Ordinal));
    }
}
