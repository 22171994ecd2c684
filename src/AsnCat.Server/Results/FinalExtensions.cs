namespace AsnCat.Server.Results;

/// <summary>
/// The final-results area: SKB score import (.xlsx or CSV, all or nothing) and the final ranking
/// per formation (SKD 40 % + SKB 60 %). Builds on the results area's <c>Standings</c> and
/// <c>RulesCatalog</c>, so it is added after <c>AddAsnCatResults</c>, for the roles <c>all</c> and <c>server</c>.
/// </summary>
public static class FinalExtensions
{
    public static WebApplicationBuilder AddAsnCatFinal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SkbImport>();
        builder.Services.AddSingleton<FinalStandings>();
        return builder;
    }

    public static WebApplication MapAsnCatFinal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapSkbApi();
        return app;
    }
}
