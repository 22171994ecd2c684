using AsnCat.Server.Exam;
using Microsoft.Extensions.Time.Testing;

namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The time-credit rules on their own, with a fake monotonic clock and wall times given by hand
/// (a wall step is a wall time that moves without the monotonic clock).
/// </summary>
public sealed class TimeCreditsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);

    private TimeCredits Started()
    {
        var credits = new TimeCredits(_time);
        credits.Started(T0, _time.GetTimestamp());
        return credits;
    }

    [Fact]
    public void A_restart_credits_the_time_since_the_last_heartbeat_as_downtime()
    {
        var credit = TimeCredits.AfterRestart(T0, T0.AddMinutes(7));

        Assert.Equal(new TimeCredit(T0, TimeSpan.FromMinutes(7)), credit);
        Assert.True(credit!.Value.IsDowntime);
    }

    [Fact]
    public void A_restart_with_the_wall_clock_behind_the_last_heartbeat_is_a_backward_step_not_negative_downtime()
    {
        var credit = TimeCredits.AfterRestart(T0, T0.AddMinutes(-3));

        Assert.Equal(TimeSpan.FromMinutes(-3), credit!.Value.Step);
        Assert.False(credit.Value.IsDowntime);
    }

    [Fact]
    public void A_restart_without_a_heartbeat_or_at_the_same_instant_credits_nothing()
    {
        Assert.Null(TimeCredits.AfterRestart(null, T0));
        Assert.Null(TimeCredits.AfterRestart(T0, T0));
    }

    [Fact]
    public void Wall_and_monotonic_time_moving_together_is_no_clock_step()
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(credits.ClockStep(T0.AddMinutes(10), _time.GetTimestamp()));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(-60)]
    [InlineData(3)]
    public void A_wall_step_over_the_threshold_moves_the_clocks_by_the_step_from_the_last_batch(int seconds)
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromSeconds(30));

        var credit = credits.ClockStep(T0.AddSeconds(30 + seconds), _time.GetTimestamp());

        Assert.Equal(new TimeCredit(T0, TimeSpan.FromSeconds(seconds)), credit);
    }

    [Fact]
    public void A_wall_step_within_the_threshold_is_ignored()
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(credits.ClockStep(T0.AddSeconds(30) + TimeCredits.ClockJumpThreshold, _time.GetTimestamp()));
        Assert.Null(credits.ClockStep(T0.AddSeconds(30) - TimeCredits.ClockJumpThreshold, _time.GetTimestamp()));
    }

    [Fact]
    public void Clock_steps_are_measured_from_the_last_committed_batch()
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromSeconds(10));
        var stepped = T0.AddSeconds(70);   // a 60 s step, absorbed by this batch
        credits.Committed(stepped, _time.GetTimestamp(), storageFailed: false, outageCredited: false);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(credits.ClockStep(stepped.AddSeconds(10), _time.GetTimestamp()));
    }

    [Fact]
    public void Without_a_storage_error_there_is_no_outage_to_credit()
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(credits.StorageOutage(_time.GetTimestamp()));
    }

    [Fact]
    public void After_a_storage_error_the_time_since_the_last_stored_batch_is_credited_once_over_the_threshold()
    {
        var credits = Started();
        _time.Advance(TimeSpan.FromSeconds(1));
        var stored = T0.AddSeconds(1);
        credits.Committed(stored, _time.GetTimestamp(), storageFailed: false, outageCredited: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        credits.Committed(stored.AddSeconds(1), _time.GetTimestamp(), storageFailed: true, outageCredited: false);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(credits.StorageOutage(_time.GetTimestamp()));   // 3 s: within the threshold

        _time.Advance(TimeSpan.FromSeconds(20));
        var credit = credits.StorageOutage(_time.GetTimestamp());

        Assert.Equal(new TimeCredit(stored, TimeSpan.FromSeconds(23)), credit);
    }

    [Fact]
    public void A_refused_commit_counts_as_a_storage_error()
    {
        var credits = Started();
        credits.StorageRefused();
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(new TimeCredit(T0, TimeSpan.FromSeconds(6)), credits.StorageOutage(_time.GetTimestamp()));
    }

    [Fact]
    public void A_credited_outage_is_not_credited_again_and_a_failing_batch_without_credit_keeps_the_outage_open()
    {
        var credits = Started();
        credits.StorageRefused();
        _time.Advance(TimeSpan.FromSeconds(10));
        // the batch that credits the outage stores, but one of its commands meets the error again
        credits.Committed(T0.AddSeconds(10), _time.GetTimestamp(), storageFailed: true, outageCredited: true);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(new TimeCredit(T0.AddSeconds(10), TimeSpan.FromSeconds(6)), credits.StorageOutage(_time.GetTimestamp()));

        // a failing batch that credited nothing leaves the mark where it was
        credits.Committed(T0.AddSeconds(16), _time.GetTimestamp(), storageFailed: true, outageCredited: false);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(new TimeCredit(T0.AddSeconds(10), TimeSpan.FromSeconds(10)), credits.StorageOutage(_time.GetTimestamp()));
    }
}
