namespace AsnCat.Scoring.Tests;

public class UnrankedTests
{
    [Theory]
    [InlineData("disqualified", true)]
    [InlineData("absent", true)]
    [InlineData("candidate", false)]
    [InlineData("deadline", false)]
    [InlineData("proctor", false)]
    [InlineData("session_ended", false)]
    [InlineData(null, false)]
    public void Only_disqualified_and_absent_attempts_stay_out_of_the_ranking(string? endedBy, bool unranked) =>
        Assert.Equal(unranked, Unranked.Is(endedBy));

    [Theory]
    [InlineData("disqualified", true, "diskualifikasi")]
    [InlineData("absent", false, "tidak_hadir")]
    [InlineData("candidate", true, "lulus")]
    [InlineData("deadline", false, "tidak_lulus")]
    [InlineData("session_ended", true, "lulus")]
    public void The_outcome_of_an_unranked_attempt_ignores_its_scores_and_a_ranked_one_follows_passing(string endedBy, bool passed, string outcome)
    {
        Assert.Equal(outcome, Unranked.Outcome(endedBy, passed));
        Assert.Equal(!Unranked.Is(endedBy), StandingOutcomes.Scored(outcome));
    }
}
