using AsnCat.Contracts.National;
using Microsoft.AspNetCore.Authentication;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// The centre's half of the national sync (docs/national.md): the venue registry, the
/// <c>AsnCat-Venue</c> scheme and its policy, packages, intake and progress. Mapped on a server
/// with a database that is not itself a venue (<see cref="NationalOptions.IsVenue"/>): the pusat role in
/// production; a session is served to a venue only once its venue field names a registered venue.
/// </summary>
public static class NationalCentreExtensions
{
    public static WebApplicationBuilder AddAsnCatNationalCentre(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, VenueAuthenticationHandler>(SyncContract.AuthScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(VenueAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(SyncContract.AuthScheme).RequireAuthenticatedUser());
        services.AddSingleton<VenueRegistry>();
        services.AddSingleton<Packages>();
        services.AddSingleton<BundleIntake>();
        services.AddSingleton<VenueProgress>();
        services.AddHostedService(sp => sp.GetRequiredService<VenueProgress>());
        return builder;
    }

    public static WebApplication MapAsnCatNationalCentre(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapVenueRegistryApi();
        app.MapSyncApi();
        return app;
    }
}
