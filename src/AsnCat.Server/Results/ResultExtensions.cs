using AsnCat.Server.Exam;
using AsnCat.Server.Banks;
using AsnCat.Tool.Banks;
using Microsoft.Extensions.DependencyInjection.Extensions;
namespace AsnCat.Server.Results;

/// <summary>
/// The results area: standings per formation and per session, their CSV/.xlsx exports, the
/// job that rebuilds the export files when a session ends, and the committee's results API.
/// Needs the database and Hangfire, so only for the roles <c>all</c> and <c>server</c>.
/// </summary>
public static class ResultExtensions
{
    public static WebApplicationBuilder AddAsnCatResults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ResultsOptions>().BindConfiguration(ResultsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ExportDirectory), "Results:ExportDirectory must not be empty")
            .Validate(o => !string.IsNullOrWhiteSpace(o.BundleDirectory), "Results:BundleDirectory must not be empty")
            .ValidateOnStart();
        services.AddSingleton<Standings>();
        services.AddTransient<RebuildStandingsJob>();
        services.AddSingleton<ISessionEndFollowUp, StandingsOnSessionEnd>();
        return builder;
    }

    public static WebApplication MapAsnCatResults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapResultsApi();
        return app;
    }
}
