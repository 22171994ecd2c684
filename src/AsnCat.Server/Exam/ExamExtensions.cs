using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Guard;
using AsnCat.Server.Runtime;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Exam;

/// <summary>The exam area: the writer, the rules for terminals and proctors, the clock, the hub, demo data.</summary>
public static class ExamExtensions
{
    public static WebApplicationBuilder AddAsnCatExam(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 16 * 1024;   // a terminal's calls are small; anything bigger is refused
            o.EnableDetailedErrors = false;
        });
        services.AddHubGuard<ExamTerminalHub>(GuardPolicy, o =>
        {
            o.AddFilter<AckTimer>();   // inside the guard: times the calls the guard let through
        });
        services.TryAddSingleton<IHubMisuseAudit, WriterMisuseAudit>();
        services.TryAddSingleton<AckTimer>();
        var keyPath = builder.Configuration["Exam:PinKeyFile"] ?? Path.Combine(builder.Environment.ContentRootPath, "data", "pin.key");
        services.AddSingleton(_ => Secrets.FromKeyFile(keyPath));
        services.AddSingleton(_ => new RulesCatalog(builder.Configuration["Exam:RulesRoot"] ?? RulesCatalog.DefaultRoot));
        services.AddSingleton<ExamMaterials>();
        services.AddSingleton<ExamWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ExamWriter>());
        services.AddSingleton<IExamNotifier, ExamNotifier>();
        services.AddSingleton<ExamService>();
        services.AddSingleton<ExamControl>();
        services.AddHostedService<ExamClockService>();
        services.AddSingleton<SeatMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SeatMonitor>());
        services.AddHostedService<DemoSeeder>();
        return builder;
    }

    /// <summary>
    /// The guard's rules for terminals (<c>HubGuard:Exam</c>: 300 calls at once, 20 a second):
    /// refusals are audited, and failed logins and re-attaches are throttled.
    /// </summary>
    private static readonly HubGuardPolicy GuardPolicy = new("HubGuard:Exam", Burst: 300, PerSecond: 20)
    {
        AuditRefusals = true,
        Logins = new HubLogins(
            new HashSet<string>([nameof(IExamHub.Login), nameof(IExamHub.Reattach)], StringComparer.Ordinal),
            Throttled: () => LoginReply.Refused(ExamError.LockedOut, HubGuard.LoginThrottledMessage),
            Outcome: result => result switch
            {
                LoginReply { Ok: true } reply => LoginOutcome.Success(reply.Exam?.Candidate.ParticipantNumber),
                LoginReply { Error: ExamError.WrongPin or ExamError.LockedOut or ExamError.SessionNotOpen or ExamError.NotLoggedIn } => LoginOutcome.Failure,
                _ => LoginOutcome.Neither,
            }),
    };

    public static WebApplication MapAsnCatExam(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHub<ExamTerminalHub>(ExamHub.Path);
        return app;
    }
}
