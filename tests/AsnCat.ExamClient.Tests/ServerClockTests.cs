using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using Microsoft.Extensions.Time.Testing;

namespace AsnCat.ExamClient.Tests;

public class ServerClockTests
{
    private static readonly DateTimeOffset ServerNow = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2031, 5, 5, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Server_time_advances_by_the_monotonic_stopwatch_only()
    {
        var clock = new ServerClock(time);
        clock.Apply(new ClockView(ExamPhase.Running, ServerNow, ServerNow, ServerNow.AddMinutes(100), 100));

        time.Advance(TimeSpan.FromMinutes(7));

        Assert.Equal(ServerNow.AddMinutes(7), clock.Now);
        Assert.Equal(TimeSpan.FromMinutes(93), clock.Remaining);
    }

    [Fact]
    public void Half_the_round_trip_is_added_to_the_servers_time()
    {
        var clock = new ServerClock(time);

        clock.Apply(new ClockView(ExamPhase.Running, ServerNow, ServerNow, ServerNow.AddMinutes(10), 100), roundTrip: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), clock.Remaining);
    }

    [Fact]
    public void While_paused_the_time_left_stands_still_at_what_was_left_when_the_pause_began()
    {
        var clock = new ServerClock(time);
        var deadline = ServerNow.AddMinutes(30);
        clock.Apply(new ClockView(ExamPhase.Paused, ServerNow, ServerNow, deadline, 100));
        time.Advance(TimeSpan.FromMinutes(4));

        // A resync during the pause: the server's time moved on, its deadline did not.
        clock.Apply(new ClockView(ExamPhase.Paused, ServerNow.AddMinutes(4), ServerNow, deadline, 100));
        Assert.Equal(TimeSpan.FromMinutes(30), clock.Remaining);

        // Extra time granted during the pause counts at once.
        clock.Apply(new ClockView(ExamPhase.Paused, ServerNow.AddMinutes(5), ServerNow, deadline.AddMinutes(10), 100));
        Assert.Equal(TimeSpan.FromMinutes(40), clock.Remaining);
    }

    [Fact]
    public void An_observation_older_than_the_one_held_is_ignored()
    {
        var clock = new ServerClock(time);
        clock.Apply(new ClockView(ExamPhase.Running, ServerNow, ServerNow, ServerNow.AddMinutes(50), 100));

        var applied = clock.Apply(new ClockView(ExamPhase.Running, ServerNow.AddSeconds(-1), ServerNow, ServerNow.AddMinutes(20), 100));

        Assert.False(applied);
        Assert.Equal(TimeSpan.FromMinutes(50), clock.Remaining);
    }

    [Fact]
    public void After_the_servers_clock_stepped_back_its_views_are_applied_again()
    {
        var clock = new ServerClock(time);
        clock.Apply(new ClockView(ExamPhase.Running, ServerNow, ServerNow, ServerNow.AddMinutes(50), 100));
        time.Advance(TimeSpan.FromSeconds(30));

        // the server's clock went back 10 minutes and moved the deadline with it; then a proctor granted 5 minutes
        var applied = clock.Apply(new ClockView(ExamPhase.Running, ServerNow.AddMinutes(-10).AddSeconds(30), ServerNow, ServerNow.AddMinutes(45), 100));

        Assert.True(applied);
        Assert.Equal(TimeSpan.FromMinutes(54.5), clock.Remaining);
    }

    [Fact]
    public void Before_the_start_it_counts_down_to_the_start_and_shows_the_whole_duration_left()
    {
        var clock = new ServerClock(time);
        clock.Apply(new ClockView(ExamPhase.Waiting, ServerNow, ServerNow.AddMinutes(3), null, 130));

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(2), clock.UntilStart);
        Assert.Equal(TimeSpan.FromMinutes(130), clock.Remaining);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, clock.UntilStart);
    }
}
