using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// The server's wall clock steps (NTP, an operator) while monotonic time runs on: the writer
/// moves every running clock by the step, so remaining time is kept in both directions.
/// </summary>
public sealed class ClockJumpTests() : KestrelHostTest(new SteppingClock(KestrelHost.T0))
{
    private SteppingClock Clock => (SteppingClock)Time;

    [Fact]
    public async Task A_forward_step_past_every_deadline_ends_no_one_and_keeps_remaining_time_and_answers_flowing()
    {
        var (_, people) = await Host.SeedSessionAsync(2);
        await using var a = await Host.LoginAsync(people[0]);
        await using var b = await Host.LoginAsync(people[1]);
        Assert.True((await KestrelHost.SaveAsync(a, 0, 1, 1)).Applied);
        Time.Advance(TimeSpan.FromMinutes(10));
        var before = await Remaining(a);
        Assert.Equal(TimeSpan.FromMinutes(90), before);
        Assert.True(await Host.Control.PauseAttemptAsync(people[1].AttemptId, "uji", "terminal rusak"));
        var pausedRemaining = await Remaining(b);
        var deadlinesBefore = await DeadlinesAsync();

        Clock.Step(TimeSpan.FromMinutes(100)); // the wall clock now reads past every deadline

        AssertClose(before, await Remaining(a));
        Assert.Equal(deadlinesBefore.Select(d => d + TimeSpan.FromMinutes(100)), await DeadlinesAsync());
        var after = await KestrelHost.SaveAsync(a, 1, 2, 2);
        Assert.True(after.Ok && after.Applied, after.Message);
        Time.Advance(TimeSpan.FromSeconds(2)); // the deadline sweep runs on the stepped clock
        await Host.Control.EndExpiredAsync();
        await using (var db = Host.Db())
        {
            Assert.All(await db.Attempts.Where(x => people.Select(p => p.AttemptId).Contains(x.Id)).ToListAsync(Ct), x => Assert.Equal(AttemptState.Running, x.State));
            var jump = await db.AuditEntries.SingleAsync(e => e.Action == "server.clock_jump", Ct);
            using var details = JsonDocument.Parse(jump.Details!);
            Assert.Equal(6000, details.RootElement.GetProperty("stepSeconds").GetDouble());
            Assert.Equal(2, details.RootElement.GetProperty("attempts").GetInt32());
        }
        Assert.True(await Host.Control.ResumeAttemptAsync(people[1].AttemptId, "uji", "terminal diganti"));
        AssertClose(pausedRemaining, await Remaining(b)); // the pause is not charged, nor credited twice
    }

    [Fact]
    public async Task A_backward_step_extends_no_one_the_deadline_still_ends_the_attempt_on_time()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var a = await Host.LoginAsync(people[0]);
        Time.Advance(TimeSpan.FromMinutes(30));
        var before = await Remaining(a);
        var deadline = (await DeadlinesAsync()).Single();

        Clock.Step(TimeSpan.FromMinutes(-10));

        AssertClose(before, await Remaining(a));
        Assert.Equal(deadline - TimeSpan.FromMinutes(10), (await DeadlinesAsync()).Single());
        Assert.True((await KestrelHost.SaveAsync(a, 3, 0, 1)).Applied);
        Time.Advance(before - TimeSpan.FromSeconds(2));
        await Host.Control.EndExpiredAsync();
        Assert.Equal(AttemptState.Running, await StateAsync(people[0].AttemptId));
        Time.Advance(TimeSpan.FromSeconds(3));
        await Host.Control.EndExpiredAsync();
        Assert.Equal(AttemptState.Finished, await StateAsync(people[0].AttemptId)); // at the old remaining time, not 10 minutes later
        await using var db = Host.Db();
        Assert.Equal("deadline", (await db.Attempts.SingleAsync(x => x.Id == people[0].AttemptId, Ct)).EndedBy);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "server.clock_jump", Ct));
    }

    [Fact]
    public async Task Drift_below_the_threshold_moves_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var a = await Host.LoginAsync(people[0]);
        var deadline = (await DeadlinesAsync()).Single();
        Clock.Step(TimeSpan.FromSeconds(1.5));
        await Remaining(a);
        Assert.Equal(deadline, (await DeadlinesAsync()).Single());
        await using var db = Host.Db();
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "server.clock_jump", Ct));
    }

    private static void AssertClose(TimeSpan expected, TimeSpan actual) =>
        Assert.True((expected - actual).Duration() <= TimeSpan.FromSeconds(1), $"remaining {actual}, expected {expected}");

    /// <summary>What the terminal's countdown shows: the deadline minus the server's now, or minus the pause mark while paused.</summary>
    private async Task<TimeSpan> Remaining(HubConnection c)
    {
        var clock = (await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Clock!;
        var terminal = new AsnCat.ExamClient.Terminal.ServerClock(Time);
        terminal.Apply(clock);
        return terminal.Remaining;
    }

    private async Task<List<DateTimeOffset>> DeadlinesAsync()
    {
        await using var db = Host.Db();
        return (await db.Attempts.OrderBy(x => x.Id).Where(x => x.Deadline != null).Select(x => x.Deadline!.Value).ToListAsync(Ct)).ToList();
    }

    private async Task<AttemptState> StateAsync(int attemptId)
    {
        await using var db = Host.Db();
        return (await db.Attempts.SingleAsync(x => x.Id == attemptId, Ct)).State;
    }

    /// <summary>A fake clock whose wall time can step while its monotonic timestamp runs on undisturbed.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private TimeSpan _step;

        public void Step(TimeSpan step) => _step += step;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _step;

        // FakeTimeProvider derives its timestamp from GetUtcNow(); this one ignores the steps
        public override long GetTimestamp() => base.GetUtcNow().UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
