using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Exam;
using AsnCat.Tool.Banks;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Jobs;

/// <summary>
/// Alone: <see cref="KestrelHost"/>'s Kestrel listens on 127.0.0.1:5000 whatever port it is given,
/// so a second KestrelHost started in parallel (ExamHubTests) fails to bind.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class SerialExamHostTests;

/// <summary>
/// The background jobs against the real server (its writer, database and scoring) on a fake
/// clock. The 1 s local sweep is off, so whatever ends an attempt here is the job under test.
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed class JobTests() : KestrelHostTest(deadlineSweep: false)
{
    // Built the way Hangfire's activator builds them: from the app's container.
    private T Job<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Host.Services);

    private static Task<LoginReply> Login(HubConnection c, string number, string pin) =>
        c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, "T-01"), Ct);

    [Fact]
    public async Task Each_host_builds_its_jobs_from_its_own_services_even_with_two_hosts_in_one_process()
    {
        using var otherDir = new TempDir();
        await using var other = KestrelHost.Start(otherDir, Time, deadlineSweep: false);
        foreach (var host in new[] { Host, other })
        {
            // what Hangfire's server is given as its activator (AddHangfireServer asks the container)
            var activator = host.Services.GetRequiredService<Hangfire.JobActivator>();
            // not the process-wide one, which every host's Hangfire configuration overwrites with its own
            // (two hosts starting together could each end up with the other's)
            Assert.NotSame(Hangfire.JobActivator.Current, activator);
            using var scope = activator.BeginScope((Hangfire.JobActivatorContext)null!);
            Assert.Same(host.Services.GetRequiredService<ExamWriter>(), scope.Resolve(typeof(ExamWriter)));
        }
    }

    [Fact]
    public async Task An_attempt_past_its_deadline_with_no_terminal_is_ended_and_scored_exactly_once_by_two_sweeps_at_once()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var rng = new Random(11);
        await using (var c = await Host.ConnectAsync())
        {
            Assert.True((await Login(c, people[0].Number, people[0].Pin)).Ok);
            for (var p = 0; p < 110; p += 1 + rng.Next(2))
            {
                var saved = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(p, rng.Next(5), p + 1), Ct);
                Assert.True(saved.Ok);
            }
        }
        // the terminal is gone; nothing ends the attempt until its deadline passes and a sweep runs
        await Job<DeadlineSweepJob>().RunAsync();
        await using (var db = Host.Db())
        {
            Assert.Equal(AttemptState.Running, (await db.Attempts.SingleAsync(a => a.Id == people[0].AttemptId, Ct)).State);
        }

        Time.Advance(TimeSpan.FromMinutes(100) + TimeSpan.FromSeconds(1));
        await Task.WhenAll(Job<DeadlineSweepJob>().RunAsync(), Job<DeadlineSweepJob>().RunAsync());
        await Job<DeadlineSweepJob>().RunAsync();

        await using var check = Host.Db();
        var attempt = await check.Attempts.SingleAsync(a => a.Id == people[0].AttemptId, Ct);
        Assert.Equal(AttemptState.Finished, attempt.State);
        Assert.Equal("deadline", attempt.EndedBy);
        Assert.Equal(1, await check.AuditEntries.CountAsync(a => a.Action == "attempt.finished" && a.Subject == $"attempt:{attempt.Id}", Ct));

        // the score is the scoring library's, computed independently from the stored set and answers
        var answers = await check.Answers.Where(a => a.AttemptId == attempt.Id).ToListAsync(Ct);
        var rules = new RulesCatalog(TestPaths.QuestionBanks);
        var bank = BankLoader.Load(TestPaths.SampleBank, rules.Blueprint).Bank!;
        var pool = bank.ToPool(rules.Blueprint("skd")!);
        var sheet = Enumerable.Repeat(AnswerKey.Blank, 110).ToArray();
        foreach (var a in answers)
        {
            sheet[a.Position] = (sbyte)a.Option!.Value;
        }
        var card = bank.ToAnswerKey(pool).Score(pool.Parse(attempt.SetText!), sheet);
        Assert.True(card.Total > 0);
        Assert.Equal(card.Total, attempt.Total);
    }

    [Fact]
    public async Task Open_sessions_opens_only_the_scheduled_sessions_that_are_due_once_even_when_run_twice_at_once()
    {
        var (due, duePeople) = await Host.SeedSessionAsync(1, start: false);
        var (later, _) = await Host.SeedSessionAsync(1, start: false);
        var (running, _) = await Host.SeedSessionAsync(1);
        await using (var db = Host.Db())
        {
            await db.ExamSessions.Where(s => s.Id == due).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, SessionState.Scheduled), Ct);
            await db.ExamSessions.Where(s => s.Id == later).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, SessionState.Scheduled)
                .SetProperty(x => x.StartsAt, KestrelHost.T0 + TimeSpan.FromHours(1)), Ct);
        }
        await using var c = await Host.ConnectAsync();
        // a login before the start is refused (and leaves the writer holding the session as Scheduled)
        Assert.Equal(ExamError.SessionNotOpen, (await Login(c, duePeople[0].Number, duePeople[0].Pin)).Error);

        var job = Job<OpenDueSessionsJob>();
        var runs = await Task.WhenAll(job.OpenDueAsync(), Job<OpenDueSessionsJob>().OpenDueAsync());
        Assert.Equal([due], runs.SelectMany(r => r).ToList());
        Assert.Empty(await job.OpenDueAsync());
        Assert.Equal(SessionState.Open, await StateAsync(due));
        Assert.Equal(SessionState.Scheduled, await StateAsync(later));
        Assert.Equal(SessionState.Running, await StateAsync(running));
        // the writer's own copy was opened too: the same candidate may now log in
        Assert.True((await Login(c, duePeople[0].Number, duePeople[0].Pin)).Ok);

        Time.Advance(TimeSpan.FromHours(1));
        await job.RunAsync();
        await job.RunAsync();
        Assert.Equal(SessionState.Open, await StateAsync(later));
        await using var check = Host.Db();
        Assert.Equal(
            [$"session:{due}", $"session:{later}"],
            await check.AuditEntries.Where(a => a.Action == "session.opened").OrderBy(a => a.Id).Select(a => a.Subject!).ToListAsync(Ct));
    }

    private async Task<SessionState> StateAsync(int sessionId)
    {
        await using var db = Host.Db();
        return (await db.ExamSessions.SingleAsync(s => s.Id == sessionId, Ct)).State;
    }
}
