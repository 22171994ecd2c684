using AsnCat.Server.Identity;
using Hangfire;
using Hangfire.Common;
namespace AsnCat.Server.Hosting;

/// <summary>
/// Background jobs: an in-process Hangfire server and the dashboard at <see cref="DashboardPath"/> for admins.
/// The storage is Hangfire's in-memory one (one node) or PostgreSQL shared by every node
/// (<see cref="JobsOptions.Storage"/>, <see cref="ScaleOutExtensions.CreateJobStorage"/>). Every job keeps its state
/// in the database and is safe to run twice, so the in-memory queue may be lost on a restart:
/// the recurring jobs are registered again at start and simply redo what is still due.
/// Needs the database, so only for the roles <c>all</c> and <c>server</c>.
/// </summary>
public static class JobExtensions
{
    public const string DashboardPath = "/hangfire";

    public static WebApplicationBuilder AddAsnCatJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        // checked now: a Postgres storage with no database named stops the start with what to set
        var connectionString = ScaleOutExtensions.JobStorageConnectionString(builder.Configuration, jobs);
        // The storage is registered here, per host, not through UseInMemoryStorage()/UsePostgreSqlStorage(),
        // which would set the process-wide JobStorage.Current (two hosts in one process, as in tests, would share it).
        services.AddSingleton(sp => ScaleOutExtensions.CreateJobStorage(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value, connectionString));
        // Likewise the server filters: this host's job-run counter, beside whatever is registered process-wide
        services.AddSingleton<Runtime.JobRunMetrics>();
        services.AddSingleton<IJobFilterProvider>(sp =>
        {
            var own = new JobFilterCollection { sp.GetRequiredService<Runtime.JobRunMetrics>() };
            return new JobFilterProviderCollection([.. JobFilterProviders.Providers, own]);
        });
        // Likewise the activator: AddHangfire would register the process-wide JobActivator.Current,
        // which each host's configuration overwrites with its own, so with two hosts in one process
        // one host's server built its jobs from the other's services (its database, its writer).
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((sp, o) =>
        {
            var jobs = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value;
            o.WorkerCount = jobs.WorkerCount;
            o.SchedulePollingInterval = jobs.SchedulePollingInterval;
            o.ServerName = "asncat-" + Environment.MachineName;
            // jobs keep their state in the database and are safe to redo: at shutdown, give running
            // ones 5 s and then let the host go on stopping (the default 15 s could outlast the host's
            // own shutdown budget, and Hangfire then fails the whole stop)
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        return builder;
    }

    /// <summary>The dashboard, for admins. Each area registers its own recurring jobs in its <c>MapXxx</c>.</summary>
    public static WebApplication MapAsnCatJobs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            AppPath = "/",
            DashboardTitle = "AsnCat — pekerjaan latar",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardFilter()],
        }).RequireAuthorization(StaffPolicies.Admin);
        return app;
    }
}
