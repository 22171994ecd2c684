using AsnCat.Server.Publishing;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// The national ranking: runs, the committee's closures (and optimalisasi), the export, and the
/// national announcement (a publication kind, with its bundles and file downloadable). Needs
/// the database; meant for the centre (<c>pusat</c>), harmless on a standalone server (one venue's
/// national ranking is its own).
/// </summary>
public static class NationalRankingExtensions
{
    public static WebApplicationBuilder AddAsnCatNationalRanking(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<NationalRanker>();
        builder.Services.AddSingleton<FormationClosures>();
        builder.Services.AddSingleton<NationalResults>();
        builder.Services.AddSingleton<Optimalisasi>();
        builder.Services.AddSingleton<NationalPublication>();
        builder.Services.AddSingleton<IPublicationSource, NationalAnnouncement>();
        return builder;
    }

    public static WebApplication MapAsnCatNationalRanking(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapNationalRankingApi();
        app.MapNationalAnnouncementFiles();
        return app;
    }
}
