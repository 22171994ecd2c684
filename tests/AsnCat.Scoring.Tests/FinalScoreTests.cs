namespace AsnCat.Scoring.Tests;

public class FinalScoreTests
{
    private static readonly ThresholdSet Skd = TestThresholds.Skd2024;

    [Theory]
    [InlineData(550, 100_000, 100.000)]
    [InlineData(0, 0, 0.000)]
    [InlineData(440, 80_000, 80.000)]      // 0.4 * 80 + 0.6 * 80
    [InlineData(400, 75_500, 74.391)]      // 0.4 * 72.7272.. + 0.6 * 75.5 = 29.0909 + 45.3
    public void Final_score_is_forty_percent_normalised_SKD_plus_sixty_percent_SKB(int skd, int skbThousandths, double expected)
    {
        Assert.Equal((decimal)expected, FinalRanking.Score(Skd.Final!, skd, 550, skbThousandths));
    }

    [Fact]
    public void Exact_key_orders_candidates_that_rounding_would_tie()
    {
        // 1 SKD point = 0.0727 final points; 0.121 SKB points = 0.0726: different, and the key says so
        var a = FinalRanking.ExactKey(Skd.Final!, 401, 550, 70_000);
        var b = FinalRanking.ExactKey(Skd.Final!, 400, 550, 70_121);
        Assert.True(a > b);
    }

    [Fact]
    public void Tie_break_chain_skd_total_then_TKP_TIU_TWK_then_ipk_then_older()
    {
        var formations = new List<FormationQuota> { new("F", 2) };
        // all have the same final score key: SKD 400, SKB 80.000 -> equal except as noted
        var people = new List<FinalCandidate>
        {
            new("A", 0, [100, 120, 180], 80_000, 350, new DateOnly(1998, 1, 1)),
            new("B", 0, [100, 110, 190], 80_000, 350, new DateOnly(1998, 1, 1)), // higher TKP than A
            new("C", 0, [100, 120, 180], 80_000, 380, new DateOnly(1998, 1, 1)), // higher IPK than A
            new("D", 0, [100, 120, 180], 80_000, 380, new DateOnly(1995, 6, 1)), // older than C
            new("E", 0, [100, 120, 180], 80_000, 350, new DateOnly(1998, 1, 1)), // same as A in every respect
        };
        var rows = FinalRanking.Rank(Skd, formations, people);
        Assert.Equal(["B:1", "D:2", "C:3", "A:4", "E:4"], rows.Select(r => $"{people[r.Candidate].ParticipantNumber}:{r.Rank}"));
        Assert.Equal([true, true, false, false, false], rows.Select(r => r.WithinQuota));
        Assert.All(rows, r => Assert.Equal(80.0m - 80.0m + 77.091m, r.FinalScore)); // 0.4*400/5.5 + 48 = 29.0909 + 48
    }

    [Fact]
    public void Higher_skd_total_wins_over_a_higher_SKB_with_the_same_final_score()
    {
        // final = 4/55*SKD + 0.6*SKB: SKD 440/SKB 70 vs SKD 385/SKB 76.667 are near-equal; exact key decides, then skd_total
        var formations = new List<FormationQuota> { new("F", 1) };
        var people = new List<FinalCandidate>
        {
            new("X", 0, [100, 140, 200], 70_000, null, null),
            new("Y", 0, [100, 140, 200], 70_000, null, null),
        };
        var rows = FinalRanking.Rank(Skd, formations, people);
        Assert.Equal([1, 1], rows.Select(r => r.Rank));
        Assert.Equal(["X", "Y"], rows.Select(r => people[r.Candidate].ParticipantNumber));
    }

    [Fact]
    public void SKB_outside_zero_to_hundred_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FinalRanking.Rank(Skd, [new("F", 1)], [new("Z", 0, [0, 0, 0], 100_001, null, null)]));
    }
}
