using AsnCat.ExamClient.Components;
using AsnCat.Server.Banks;
namespace AsnCat.Server.Analysis;

/// <summary>
/// Item analysis in the console: per session and across sessions of one bank version
/// (<c>/konsol/analisis</c>), CSV/.xlsx downloads (<see cref="AnalysisApi"/>), and the item life
/// cycle (retire or revise an item: a new bank version). Needs the database and the ledger's
/// bundles, so only for the roles <c>all</c> and <c>server</c>; after <c>AddAsnCatLedger</c>.
/// </summary>
public static class AnalysisExtensions
{
    public const string Home = "/konsol/analisis";

    public static WebApplicationBuilder AddAsnCatAnalysis(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<AppShellOptions>(o => o.Stylesheets.Add("analysis.css"));
        builder.Services.AddSingleton<SessionAnalysis>();
        builder.Services.AddSingleton<BankRevisions>();
        builder.Services.AddSingleton<ItemLifecycle>();
        return builder;
    }

    public static WebApplication MapAsnCatAnalysis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapAnalysisApi();
        return app;
    }

    /// <summary>The analysis page of the sessions <paramref name="ids"/>.</summary>
    public static string PageUrl(IEnumerable<int> ids) => $"{Home}/sesi/{string.Join(",", ids)}";
}
