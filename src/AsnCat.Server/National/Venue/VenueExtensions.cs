using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// The venue's side of the national sync (<c>docs/national.md</c>): the <c>National</c> section
/// checked on start, and on a server that runs exams and names its centre
/// (<see cref="NationalOptions.IsVenue"/>) its identity, the typed client for the centre behind
/// the standard resilience handler (configurable under <see cref="ResilienceSection"/>), the
/// package pull and the way up (outbox and sender). A standalone server registers the options only.
/// </summary>
public static class VenueExtensions
{
    /// <summary>Overrides of the standard resilience handler's settings (<c>Retry</c>, <c>AttemptTimeout</c>, <c>TotalRequestTimeout</c>, ...).</summary>
    public const string ResilienceSection = NationalOptions.Section + ":Resilience";

    public static WebApplicationBuilder AddAsnCatVenue(this WebApplicationBuilder builder, bool runsExams)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<NationalOptions>().BindConfiguration(NationalOptions.Section)
            .Validate(o => o.CentreUrl is null || (o.CentreUrl.IsAbsoluteUri && o.CentreUrl.Scheme is "http" or "https"),
                "National:CentreUrl harus alamat lengkap http(s), misalnya https://pusat.example.go.id/; kosongkan untuk server mandiri.")
            .Validate(o => o.CentreUrl is null || IsVenueCode(o.VenueCode),
                "National:VenueCode wajib diisi bila National:CentreUrl diisi: kode lokasi dari pusat (huruf, angka, - _ ., maksimal 100), misalnya LOK-MKS-01.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.IdentityDirectory), "National:IdentityDirectory wajib diisi (folder kunci dan kredensial lokasi, misalnya data/venue).")
            .Validate(o => o.PullEvery >= TimeSpan.FromSeconds(1), "National:PullEvery minimal 00:00:01 (1 detik).")
            .Validate(o => o.ProgressEvery >= TimeSpan.FromMilliseconds(100), "National:ProgressEvery minimal 00:00:00.1 (100 milidetik).")
            .ValidateOnStart();
        services.AddSingleton<VenueIdentity>();
        services.AddSingleton<VenueEnrolment>();
        AddCentreClient(builder);
        var national = builder.Configuration.GetSection(NationalOptions.Section).Get<NationalOptions>() ?? new NationalOptions();
        if (!runsExams || !national.IsVenue)
        {
            return builder;
        }
        services.AddSingleton<PackageApplier>();
        services.AddSingleton<PackagePuller>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<VenueUplink>();
        services.AddHostedService(sp => sp.GetRequiredService<PackagePuller>());
        services.AddHostedService(sp => sp.GetRequiredService<VenueUplink>());
        return builder;
    }

    /// <summary>
    /// The typed client (also for the <c>venue</c> commands, which may name the centre themselves):
    /// the centre's address from <c>National:CentreUrl</c>, no client-wide timeout (the handler's
    /// total timeout is the limit), and the standard resilience handler: retries with exponential
    /// backoff and jitter on 5xx, 408, 429 and network failures, a timeout per attempt and in total.
    /// </summary>
    public static void AddCentreClient(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ResilienceSection);
        builder.Services.AddHttpClient<CentreClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<NationalOptions>>().Value.CentreUrl;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler(o =>
            {
                // a bank archive may be tens of megabytes over a venue's link
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(3);
                section.Bind(o);
            });
    }

    public static bool IsVenueCode(string? code) =>
        code is { Length: > 0 and <= 100 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
