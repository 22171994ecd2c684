using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// A candidate sits SKD once per selection: seated again in a later session (a venue's second
/// package, a committee's mistake), one who already finished a sitting of the same exam here is
/// refused at login, naming that session; one who was absent may sit.
/// </summary>
public sealed class SecondSittingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidate_who_finished_the_same_exam_in_another_session_is_refused_and_an_absent_one_may_sit()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, new FakeTimeProvider(KestrelHost.T0));
        var first = await SeedAsync(host, "S-PERTAMA");
        await using (var terminal = await host.LoginAsync(first.People[0]))
        {
            Assert.True((await KestrelHost.SaveAsync(terminal, 0, 1, 1)).Applied);
        }
        // people[1] never comes: absent when the session ends
        Assert.True(await host.Control.EndSessionAsync(first.Id, "panitia-uji", "sesi pertama selesai"));

        var second = await SeedAsync(host, "S-KEDUA");
        await using var again = await host.ConnectAsync();
        var refused = await again.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(second.People[0].Number, second.People[0].Pin, "T-2"), Ct);
        Assert.False(refused.Ok);
        Assert.Equal(ExamError.Finished, refused.Error);
        Assert.Contains("S-PERTAMA", refused.Message, StringComparison.Ordinal);
        await using (var db = host.Db())
        {
            var attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == second.People[0].AttemptId, Ct);
            Assert.Null(attempt.TokenHash);   // no terminal bound
            Assert.Contains(await db.AuditEntries.AsNoTracking().Where(e => e.Subject == $"attempt:{attempt.Id}").Select(e => e.Details).ToListAsync(Ct),
                d => d != null && d.Contains("already_sat", StringComparison.Ordinal));
        }

        await using var absentOne = await host.LoginAsync(second.People[1]);
    }

    private static async Task<(int Id, List<(string Number, string Pin, int AttemptId)> People)> SeedAsync(KestrelHost host, string code)
    {
        await host.Services.GetRequiredService<AsnCat.Server.Exam.ExamWriter>().Ready;
        // the same two candidates of the same formation each time: taken as they are when they exist
        var session = await SessionSeeder.SeedAsync(host.Services.GetRequiredService<IDbContextFactory<AsnCatDb>>(), host.Control, new SessionSpec
        {
            Code = code,
            Formation = SessionSpec.TestFormation("F-SEKALI"),
            Candidates = SessionSpec.Crowd("SEKALI", 2),
            StartsAt = KestrelHost.T0,
        }, "uji", start: true, Ct);
        Assert.NotNull(session);
        return (session.Id, [.. session.People.Select(p => (p.ParticipantNumber, p.Pin, p.AttemptId))]);
    }
}
