using AsnCat.Contracts.Live;
using AsnCat.Server.Analysis;
using AsnCat.Server.Api;
using AsnCat.Server.Audit;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Ledger;
using AsnCat.Server.Live;
using AsnCat.Server.National.Centre;
using AsnCat.Server.National.Venue;
using AsnCat.Server.Network;
using AsnCat.Server.Publishing;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Results;
using AsnCat.Server.Runtime;
using AsnCat.Server.Seeding;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Filters;
using Serilog.Formatting.Compact;

namespace AsnCat.Server.Hosting;

/// <summary>
/// The composition root: every area's wiring, in order. <see cref="AsnCatOptions.Role"/> picks what
/// this process runs (<see cref="ProcessRole"/>). No area imports this folder.
/// </summary>
public static class ServiceExtensions
{
    /// <summary>The <c>AsnCat</c> section, bound and checked (an unknown role stops the start).</summary>
    public static AsnCatOptions AsnCatOptions(this IConfiguration configuration)
    {
        var section = configuration.GetSection(Hosting.AsnCatOptions.Section);
        AsnCatOptions? options;
        try
        {
            options = section.Get<AsnCatOptions>();
        }
        catch (InvalidOperationException e)
        {
            throw UnknownRole(section, e);
        }
        options ??= new AsnCatOptions();
        return Enum.IsDefined(options.Role) ? options : throw UnknownRole(section, null);
    }

    private static InvalidOperationException UnknownRole(IConfigurationSection section, Exception? inner) =>
        new($"AsnCat:Role '{section[nameof(Hosting.AsnCatOptions.Role)]}' tidak dikenal: isi all (semua dalam satu proses), server (server ujian tanpa halaman terminal), terminal, atau pusat (pusat: konsol, API, hasil dan papan publik tanpa hub ujian).", inner);

    public static WebApplicationBuilder AddAsnCatServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.AsnCatOptions();
        builder.Services.AddOptions<AsnCatOptions>().BindConfiguration(Hosting.AsnCatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LogFileOptions>().BindConfiguration(LogFileOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var logFile = builder.Configuration.GetSection(LogFileOptions.Section).Get<LogFileOptions>()?.File ?? new LogFileOptions().File;
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, config) => config
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console()
            // a rolling JSON file (one structured event per line), without the two one-time
            // secrets printed at start (first admin password, demo PINs): those go to the console only
            .WriteTo.Logger(file => file
                .Filter.ByExcluding(Matching.FromSource(typeof(AdminSeeder).FullName!))
                .Filter.ByExcluding(Matching.FromSource<DemoSeeder>())
                .WriteTo.File(new CompactJsonFormatter(), logFile, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31)));
        CachingLoggerFactory.Wrap(builder.Services);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAsnCatNetwork();
        builder.AddAsnCatPages();
        builder.AddAsnCatScaleOut();        // after the pages: the keys' place in Redis replaces their folder
        builder.AddAsnCatRuntime();
        if (options.HasDatabase)
        {
            builder.AddAsnCatDatabase();
            builder.AddAsnCatJobs();
            builder.AddAsnCatExam(options.RunsExams);
            builder.AddAsnCatAudit();
            builder.AddAsnCatIdentity();
            builder.AddAsnCatBanks();
            builder.AddAsnCatImports();
            builder.AddAsnCatResults();
            builder.AddAsnCatLedger();
            builder.AddAsnCatFinal();       // after results: uses Standings
            builder.AddAsnCatNationalRanking();
            builder.AddAsnCatAnalysis();    // after the ledger: analyses its bundles
            builder.AddAsnCatPublishing();
            builder.AddAsnCatLive();
            builder.AddAsnCatVenue(options.RunsExams);   // after live: sends the venue's boards up
            builder.AddAsnCatConsole();
            builder.AddAsnCatApi();
            builder.AddAsnCatDemo();
            if (!NationalIsVenue(builder.Configuration))
            {
                builder.AddAsnCatNationalCentre();
            }
        }
        if (options.HasTerminalPages)
        {
            builder.AddAsnCatTerminal();
        }
        builder.AddAsnCatOperations(options.HasDatabase);
        return builder;
    }

    // the centre's sync endpoints on every server with a database except a venue (which is their client)
    private static bool NationalIsVenue(IConfiguration configuration) =>
        configuration.GetSection(National.NationalOptions.Section).Get<National.NationalOptions>()?.IsVenue == true;

    public static async Task<WebApplication> InitializeAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<AsnCatOptions>>().Value.HasDatabase)
        {
            await app.InitializeDatabaseAsync();
            await app.ImportIfEmptyAsync();
            await app.SeedAdminAsync();
        }
        return app;
    }

    public static WebApplication MapAsnCat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<AsnCatOptions>>().Value;
        app.UseForwardedHeaders(); // first: everything after sees the address the request is really from
        // the host's logger: with preserveStaticLogger the static Log.Logger is silent
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // an observer refused because the live hub is full is the limit working, not a server error (thousands at a venue's peak)
            o.GetLevel = (http, _, e) => e is not null || (http.Response.StatusCode > 499 && !Live.LiveAdmission.IsRefusal(http))
                ? Serilog.Events.LogEventLevel.Error : Serilog.Events.LogEventLevel.Information;
        });
        if (options.HasDatabase)
        {
            app.UseDatabaseOutage();   // before identity: the cookie's periodic check reads the database too
            app.UseAsnCatIdentity();
        }
        app.UseAntiforgery();
        if (options.HasDatabase)
        {
            app.UseAsnCatApi();
        }
        var role = options.Role.ToString().ToLowerInvariant();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok", role, examProtocol = Contracts.Exam.ExamHub.ProtocolVersion }));
        app.MapAsnCatReadiness(role);
        app.MapAsnCatMetrics();
        if (options.HasDatabase)
        {
            app.MapAsnCatJobs();
            app.MapAsnCatExam(options.RunsExams);
            app.MapAsnCatRuntime();
            app.MapAsnCatIdentity();
            app.MapAsnCatBanks();
            app.MapAsnCatImports();
            app.MapAsnCatAudit();
            app.MapAsnCatResults();
            app.MapAsnCatFinal();
            app.MapAsnCatNationalRanking();
            app.MapAsnCatAnalysis();
            app.MapAsnCatPublishing();
            app.MapAsnCatLive();
            app.MapAsnCatConsole();
            app.MapAsnCatApi();
            if (!NationalIsVenue(app.Configuration))
            {
                app.MapAsnCatNationalCentre();
            }
        }
        else
        {
            app.MapTerminalContentRelay();
        }
        app.MapAsnCatPages(options.Role);
        return app;
    }
}
