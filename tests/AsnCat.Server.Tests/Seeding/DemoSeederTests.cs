using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Seeding;

/// <summary>The demo a newcomer gets on start: an SKD session and a PPPK session, each on its own sample bank.</summary>
public sealed class DemoSeederTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_start_opens_an_skd_and_a_pppk_demo_session_each_on_its_own_bank_and_rules()
    {
        using var dir = new TempDir();
        for (var start = 1; start <= 2; start++)
        {
            // a start an hour after the first: the session codes carry the time
            var time = new FakeTimeProvider(KestrelHost.T0.AddHours(start));
            await using var host = KestrelHost.Start(new ServerOptions { DataDir = dir.Path, Time = time, Settings = new Dictionary<string, string> { ["Demo:Enabled"] = "true" } });
            await host.Services.GetRequiredService<ExamWriter>().Ready;
            var sessions = await WaitForAsync(host, 2 * start);
            // the PPPK bank is imported once; the SKD demo still takes the SKD bank, newer or not
            Assert.All(sessions.Where(s => s.Code.StartsWith("DEMO-PPPK-", StringComparison.Ordinal)),
                s => Assert.Equal((SampleBank.PppkCode, "pppk", "pppk-2023", "Pranata Komputer Ahli Pertama"), (s.Bank, s.BlueprintCode, s.ThresholdSetCode, s.Position)));
            Assert.All(sessions.Where(s => !s.Code.StartsWith("DEMO-PPPK-", StringComparison.Ordinal)),
                s => Assert.Equal((SampleBank.Code, "skd", "skd-2024"), (s.Bank, s.BlueprintCode, s.ThresholdSetCode)));
            Assert.Equal(start, sessions.Count(s => s.Code.StartsWith("DEMO-PPPK-", StringComparison.Ordinal)));
            await using var db = host.Db();
            Assert.Equal(1, await db.BankVersions.CountAsync(b => b.Code == SampleBank.PppkCode, Ct));
            // the blind PPPK candidate's accommodation: 20 minutes on top of 130
            Assert.Equal(20, await db.Candidates.Where(c => c.ParticipantNumber == "DEMO-PPPK-02").Select(c => c.ExtraMinutes).SingleAsync(Ct));
        }
    }

    [Fact]
    public async Task A_restart_ends_the_earlier_demo_sessions_and_leaves_one_running_of_each_kind()
    {
        using var dir = new TempDir();
        for (var start = 1; start <= 3; start++)
        {
            var time = new FakeTimeProvider(KestrelHost.T0.AddHours(start));
            await using var host = KestrelHost.Start(new ServerOptions { DataDir = dir.Path, Time = time, Demo = true });
            await host.Services.GetRequiredService<ExamWriter>().Ready;
            await DemoTask(host);

            await using var db = host.Db();
            var sessions = await db.ExamSessions.AsNoTracking().Select(s => new { s.Code, s.State }).ToListAsync(Ct);
            var stamp = KestrelHost.T0.AddHours(start).ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(2 * start, sessions.Count);
            // this start's two are running; every earlier start's are ended
            Assert.Equal(["DEMO-" + stamp, "DEMO-PPPK-" + stamp], sessions.Where(s => s.State != SessionState.Ended).Select(s => s.Code).Order(StringComparer.Ordinal));
            Assert.All(sessions.Where(s => s.State != SessionState.Ended), s => Assert.Equal(SessionState.Running, s.State));
            Assert.Equal(2 * (start - 1), await db.AuditEntries.CountAsync(e => e.Action == "session.ended" && e.Actor == "demo", Ct));
        }
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    public async Task Without_Demo_Enabled_the_demo_runs_only_in_Development(string environment, bool demo)
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(new ServerOptions { DataDir = dir.Path, Environment = environment, Demo = null });
        await host.Services.GetRequiredService<ExamWriter>().Ready;

        await DemoTask(host);

        Assert.Equal(demo, host.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled);
        await using var db = host.Db();
        Assert.Equal(demo ? 2 : 0, await db.ExamSessions.CountAsync(Ct));
    }

    [Fact]
    public async Task Demo_Enabled_set_true_turns_the_demo_on_in_Production()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(new ServerOptions { DataDir = dir.Path, Environment = "Production", Demo = true });
        await host.Services.GetRequiredService<ExamWriter>().Ready;

        await DemoTask(host);

        await using var db = host.Db();
        Assert.Equal(2, await db.ExamSessions.CountAsync(s => s.State == SessionState.Running, Ct));
    }

    /// <summary>The demo seeder's whole run on this start (done at once when the demo is off).</summary>
    private static async Task DemoTask(KestrelHost host)
    {
        var seeder = host.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single();
        await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60), Ct);
    }

    private sealed record DemoSession(string Code, string Bank, string BlueprintCode, string ThresholdSetCode, string? Position);

    private static async Task<List<DemoSession>> WaitForAsync(KestrelHost host, int count)
    {
        for (var i = 0; i < 400; i++)
        {
            await using var db = host.Db();
            var sessions = await db.ExamSessions.AsNoTracking()
                .Select(s => new DemoSession(s.Code, s.BankVersion!.Code, s.BlueprintCode, s.ThresholdSetCode,
                    s.Attempts.Select(a => a.Candidate!.Formation!.Position).FirstOrDefault()))
                .ToListAsync(Ct);
            if (sessions.Count >= count && sessions.All(s => s.Position is not null))
            {
                return sessions;
            }
            await Task.Delay(50, Ct);
        }
        Assert.Fail($"{count} demo sessions not opened in 20 s");
        return [];
    }
}
