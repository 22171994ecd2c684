using Hangfire;

namespace AsnCat.Server.Audit;

/// <summary>
/// The audit area: the committee's view and CSV export of <c>AuditEntries</c>, and the chain that
/// seals them (every minute) and checks them (nightly). Entries are written where the events
/// happen (logins, PINs, answers, proctor actions, imports, publication).
/// </summary>
public static class AuditExtensions
{
    public static WebApplicationBuilder AddAsnCatAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AuditChain>();
        builder.Services.AddTransient<AuditSealJob>();
        builder.Services.AddTransient<AuditIntegrityJob>();
        return builder;
    }

    /// <summary>The API, and the recurring jobs (idempotent: same ids, updated in place).</summary>
    public static WebApplication MapAsnCatAudit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAuditApi();
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<AuditSealJob>(AuditSealJob.Id, j => j.RunAsync(), Cron.Minutely());
        // Hangfire's cron is UTC: 19:00 UTC is 02:00 WIB, outside any exam day
        recurring.AddOrUpdate<AuditIntegrityJob>(AuditIntegrityJob.Id, j => j.RunAsync(), Cron.Daily(19));
        return app;
    }
}
