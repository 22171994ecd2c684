using AsnCat.Server.Data;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Publishing;

/// <summary>
/// Publication of results: the committee publishes a session's or a formation's table
/// (console page <c>/konsol/publikasi</c>); the public reads it at <c>/hasil</c> (HTML, CSV, XLSX,
/// PDF, certificates with QR codes) and <c>/api/public/results</c> (JSON), without login.
/// Needs the database and the results area, so only for the roles <c>all</c> and <c>server</c>.
/// </summary>
public static class PublishingExtensions
{
    public static WebApplicationBuilder AddAsnCatPublishing(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PublicationOptions>().BindConfiguration(PublicationOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "Publication:BaseUrl harus URL http(s) lengkap atau dikosongkan")
            .ValidateOnStart();
        builder.Services.AddOptions<LetterheadOptions>().BindConfiguration(LetterheadOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LetterheadOptions>, LetterheadValidation>();
        builder.Services.AddSingleton<Publisher>();
        builder.Services.AddSingleton<PublicationDrafts>();
        builder.Services.AddSingleton<PublicationFiles>();
        return builder;
    }

    public static WebApplication MapAsnCatPublishing(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPublicResultsPages();
        app.MapPublicResultsApi();
        app.MapPublicationApi();
        return app;
    }
}
