using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Exam;

/// <summary>Ending a session: who is scored, who is absent, and that it happens once.</summary>
public sealed class SessionEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ending_a_started_session_scores_whoever_logged_in_and_records_the_others_absent_once()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, new FakeTimeProvider(KestrelHost.T0));
        var (sessionId, people) = await host.SeedSessionAsync(3);
        await using var answering = await host.ConnectAsync();
        await using var idle = await host.ConnectAsync();
        Assert.True((await answering.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(people[0].Number, people[0].Pin, "T-01"), Ct)).Ok);
        Assert.True((await answering.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(0, 1, 1), Ct)).Ok);
        Assert.True((await idle.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(people[1].Number, people[1].Pin, "T-02"), Ct)).Ok);
        // people[2] never comes

        Assert.True(await host.Control.EndSessionAsync(sessionId, "panitia-uji", "sesi selesai sesuai jadwal"));
        Assert.False(await host.Control.EndSessionAsync(sessionId, "panitia-uji", "sesi selesai sesuai jadwal"));

        await using var db = host.Db();
        var attempts = await db.Attempts.Where(a => a.ExamSessionId == sessionId).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.All(attempts, a => Assert.Equal(AttemptState.Finished, a.State));
        Assert.Equal([EndReasons.SessionEnded, EndReasons.SessionEnded, EndReasons.Absent], attempts.Select(a => a.EndedBy));
        Assert.NotNull(attempts[0].Total);
        Assert.NotNull(attempts[1].Total);
        Assert.Null(attempts[2].Total);
        Assert.Equal(SessionState.Ended, (await db.ExamSessions.SingleAsync(s => s.Id == sessionId, Ct)).State);
        var ended = await db.AuditEntries.SingleAsync(e => e.Action == "session.ended", Ct);
        Assert.Contains("\"absent\":1", ended.Details, StringComparison.Ordinal);
    }
}
