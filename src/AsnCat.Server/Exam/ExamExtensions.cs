using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Guard;
using AsnCat.Tool.Banks;
using Hangfire;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Exam;

/// <summary>
/// The exam area: the writer, the rules for terminals and proctors, the clock and its sweeps, the
/// hub. The rule files (<see cref="RulesCatalog"/>) are registered here, once, for every area that
/// reads them. What a terminal's presence means to proctors (<see cref="ITerminalPresence"/>) and
/// what follows a session's end (<see cref="ISessionEndFollowUp"/>) are registered by the areas that care.
/// </summary>
public static class ExamExtensions
{
    /// <param name="runsExams">
    /// False for the centre (role <c>pusat</c>): the exam's services stay registered for the areas
    /// that read them (console, live scores), but the writer and the clock are not started and the
    /// writer refuses every command (<see cref="ExamWriter.Decline"/>).
    /// </param>
    public static WebApplicationBuilder AddAsnCatExam(this WebApplicationBuilder builder, bool runsExams = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ExamOptions>().BindConfiguration(ExamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = ExamHub.MaxMessageBytes;   // a terminal's calls are small; anything bigger is refused
                o.EnableDetailedErrors = false;
            })
            // JSON for terminals in any language, MessagePack for the .NET terminal; both read the exam's requests strictly
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new StrictRequestJsonConverter()))
            .AddMessagePackProtocol(o => o.SerializerOptions = StrictMessagePack.Options);
        services.AddHubGuard<ExamTerminalHub>(GuardPolicy, (o, provider) =>
        {
            o.AddFilter(provider.GetRequiredService<RefusalLog>());   // inside the guard: counts the hub's own refusals per connection
            o.AddFilter(provider.GetRequiredService<AckTimer>());     // times the calls the guard let through
        });
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<AttemptHolders>();
        services.AddSingleton<ContentAccess>();
        services.TryAddSingleton<IHubMisuseAudit, WriterMisuseAudit>();
        services.AddSingleton<AckHistogram>();
        services.AddSingleton<AckTimer>();
        var contentRoot = builder.Environment.ContentRootPath;
        services.AddSingleton(sp => Secrets.FromKeyFile(sp.GetRequiredService<IOptions<ExamOptions>>().Value.ResolvePinKeyFile(contentRoot)));
        services.AddSingleton(sp => new RulesCatalog(sp.GetRequiredService<IOptions<ExamOptions>>().Value.RulesRoot is { Length: > 0 } root ? root : RulesCatalog.DefaultRoot));
        services.AddSingleton<ExamMaterials>();
        if (runsExams)
        {
            services.AddSingleton<ExamWriter>();
            services.AddHostedService(sp => sp.GetRequiredService<ExamWriter>());
            services.AddHostedService<ExamClockService>();
        }
        else
        {
            services.AddSingleton(sp =>
            {
                var writer = ActivatorUtilities.CreateInstance<ExamWriter>(sp);
                writer.Decline();
                return writer;
            });
        }
        services.AddSingleton<IExamNotifier, ExamNotifier>();
        services.AddSingleton<ExamService>();
        services.AddSingleton<ExamControl>();
        services.AddTransient<DeadlineSweepJob>();
        services.AddTransient<OpenDueSessionsJob>();
        return builder;
    }

    /// <summary>
    /// The guard's rules for terminals (<c>HubGuard:Exam</c>: 300 calls at once, 20 a second):
    /// refusals are audited, and failed logins and re-attaches are throttled.
    /// </summary>
    private static readonly HubGuardPolicy GuardPolicy = new("HubGuard:Exam", Burst: 300, PerSecond: 20)
    {
        AuditRefusals = true,
        Malformed = reply => reply is IExamReply { Error: ExamError.InvalidRequest },
        Refuse = (method, refusal, message) => ExamReplies.Refused(method, refusal == GuardRefusal.RateLimited ? ExamError.RateLimited : ExamError.InvalidRequest, message),
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

    /// <summary>The hub, and the recurring jobs (idempotent: same ids, updated in place).</summary>
    /// <param name="runsExams">False for the centre: no hub and no exam content; its recurring jobs are removed (a shared job storage may hold them).</param>
    public static WebApplication MapAsnCatExam(this WebApplication app, bool runsExams = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        if (!runsExams)
        {
            recurring.RemoveIfExists(DeadlineSweepJob.Id);
            recurring.RemoveIfExists(OpenDueSessionsJob.Id);
            return app;
        }
        app.MapHub<ExamTerminalHub>(ExamHub.Path);
        app.MapExamContent();
        // Hangfire's cron is per minute; the 1 s local sweep in ExamClockService is what ends an
        // attempt on time. This one is the safety net (it also runs when the local sweep is off or
        // has died). Exam:DeadlineSweep=false turns both off.
        if (app.Services.GetRequiredService<IOptions<ExamOptions>>().Value.DeadlineSweep)
        {
            recurring.AddOrUpdate<DeadlineSweepJob>(DeadlineSweepJob.Id, j => j.RunAsync(), Cron.Minutely());
        }
        else
        {
            recurring.RemoveIfExists(DeadlineSweepJob.Id);
        }
        recurring.AddOrUpdate<OpenDueSessionsJob>(OpenDueSessionsJob.Id, j => j.RunAsync(), Cron.Minutely());
        return app;
    }
}
