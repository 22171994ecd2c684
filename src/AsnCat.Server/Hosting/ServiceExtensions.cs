using AsnCat.Contracts.Live;
using AsnCat.Server.Audit;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using AsnCat.Server.Ledger;
using AsnCat.Server.Live;
using AsnCat.Server.Network;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Server.Runtime;
using AsnCat.Server.Seeding;
using Serilog;
using Serilog.Filters;
using Serilog.Formatting.Compact;
namespace AsnCat.Server.Hosting;

/// <summary>
/// All DI wiring of the server, one method per area. <c>AsnCat:Role</c> picks what this process
/// runs: <c>all</c> (default: database, hubs, console and terminal pages in one process),
/// <c>server</c> (database, hubs and the committee console; no terminal pages) or
/// <c>terminal</c> (terminal pages only, talking to the server named by <c>Terminal:HubUrl</c>
/// over the same hub protocol).
/// </summary>
public static class ServiceExtensions
{
    public static string Role(this IConfiguration configuration) => configuration["AsnCat:Role"] ?? "all";

    public static WebApplicationBuilder AddAsnCatServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var role = builder.Configuration.Role();
        if (role is not ("all" or "server" or "terminal"))
        {
            throw new InvalidOperationException($"AsnCat:Role '{role}' is not one of all, server, terminal");
        }
        if (role == "terminal" && string.IsNullOrEmpty(builder.Configuration["Terminal:HubUrl"]))
        {
            throw new InvalidOperationException("AsnCat:Role=terminal needs Terminal:HubUrl (e.g. http://exam-server:5000/hubs/exam)");
        }
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, config) => config
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console()
            // a rolling JSON file (one structured event per line), without the two one-time
            // secrets printed at start (first admin password, demo PINs): those go to the console only
            .WriteTo.Logger(file => file
                .Filter.ByExcluding(Matching.FromSource("AsnCat.Server.Identity.AdminSeeder"))
                .Filter.ByExcluding(Matching.FromSource<DemoSeeder>())
                .WriteTo.File(new CompactJsonFormatter(), builder.Configuration["Logging:File"] ?? "logs/asncat-.json",
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAsnCatNetwork();
        builder.AddAsnCatPages();
        builder.AddAsnCatRuntime();
        if (role != "terminal")
        {
            builder.AddAsnCatDatabase();
            builder.AddAsnCatExam();
            builder.AddAsnCatIdentity();
            builder.AddAsnCatImports();
            builder.AddAsnCatJobs();
            builder.AddAsnCatResults();
            builder.AddAsnCatLedger();
            builder.AddAsnCatFinal();       // after results: uses Standings
            builder.AddAsnCatPublishing();
            builder.AddAsnCatLive();
            builder.AddAsnCatConsole();
        }
        if (role != "server")
        {
            builder.AddAsnCatTerminal();
        }
        return builder;
    }

    public static async Task<WebApplication> InitializeAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.Role() != "terminal")
        {
            await app.InitializeDatabaseAsync();
            await app.SeedAdminAsync();
        }
        return app;
    }

    public static WebApplication MapAsnCat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var role = app.Configuration.Role();
        app.UseForwardedHeaders(); // first: everything after sees the address the request is really from
        // the host's logger: with preserveStaticLogger the static Log.Logger is silent
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        if (role != "terminal")
        {
            app.UseAsnCatIdentity();
        }
        app.UseAntiforgery();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok", role }));
        if (role != "terminal")
        {
            app.MapAsnCatExam();
            app.MapAsnCatRuntime();
            app.MapAsnCatIdentity();
            app.MapAsnCatImports();
            app.MapAsnCatAudit();
            app.MapAsnCatJobs();
            app.MapAsnCatResults();
            app.MapAsnCatFinal();
            app.MapAsnCatPublishing();
            app.MapAsnCatLive();
        }
        app.MapAsnCatPages();
        return app;
    }
}
