namespace AsnCat.Scoring.Tests;

public class ThresholdTests
{
    private static readonly ThresholdSet Skd = TestThresholds.Skd2024;

    private static ScoreCard Card(int twk, int tiu, int tkp) => new([twk, tiu, tkp], twk + tiu + tkp);

    [Theory]
    [InlineData("umum", 65, 80, 166, true, "")]
    [InlineData("umum", 60, 80, 166, false, "TWK 60 < 65")]
    [InlineData("umum", 65, 75, 166, false, "TIU 75 < 80")]
    [InlineData("umum", 65, 80, 165, false, "TKP 165 < 166")]
    [InlineData("umum", 150, 175, 165, false, "TKP 165 < 166")]
    [InlineData("umum", 60, 75, 165, false, "TWK 60 < 65, TIU 75 < 80, TKP 165 < 166")]
    [InlineData("cumlaude", 50, 85, 176, true, "")]          // total 311
    [InlineData("cumlaude", 50, 85, 175, false, "total 310 < 311")]
    [InlineData("cumlaude", 60, 80, 200, false, "TIU 80 < 85")]
    [InlineData("diaspora", 50, 85, 176, true, "")]
    [InlineData("diaspora", 45, 85, 180, false, "total 310 < 311")]
    [InlineData("disabilitas", 40, 60, 186, true, "")]      // total 286
    [InlineData("disabilitas", 40, 60, 185, false, "total 285 < 286")]
    [InlineData("disabilitas", 45, 55, 200, false, "TIU 55 < 60")]
    [InlineData("papua", 40, 60, 186, true, "")]
    [InlineData("papua", 40, 60, 185, false, "total 285 < 286")]
    [InlineData("daerah_tertinggal", 40, 60, 186, true, "")]
    [InlineData("daerah_tertinggal", 35, 60, 190, false, "total 285 < 286")]
    public void Every_boundary_passes_at_the_minimum_and_fails_one_below(string category, int twk, int tiu, int tkp, bool passed, string failed)
    {
        var outcome = Skd.Evaluate(category, Card(twk, tiu, tkp));
        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(failed, string.Join(", ", outcome.Failed));
        Assert.Equal(passed, Skd.Passes(Skd.CategoryIndex(category), [twk, tiu, tkp], twk + tiu + tkp));
    }

    [Fact]
    public void An_unknown_category_is_an_error_that_names_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Skd.Evaluate("umumm", Card(100, 100, 200)));
        Assert.Contains("umumm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_on_an_unknown_score_is_refused_when_the_set_is_built()
    {
        Assert.Throws<ArgumentException>(() => new ThresholdSet("x", "x", TestBanks.Skd, [new("umum", "u", [new("TWKK", 1)])], Skd.Ranking, Skd.Final));
    }
}
