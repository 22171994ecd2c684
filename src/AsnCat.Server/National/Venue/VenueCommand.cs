using System.CommandLine;
using AsnCat.Server.Data;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// <c>venue enrol --centre &lt;url&gt; --venue &lt;code&gt; --code &lt;enrolment code&gt;</c> and
/// <c>venue status</c>, run from the server's executable as <c>verify</c> is: the server's own
/// configuration (appsettings, environment) with the database and the venue's identity, no web
/// server started. The key and credential go to <c>National:IdentityDirectory</c>.
/// </summary>
public static class VenueCommand
{
    public static bool IsCommand(string[] args) => args is ["venue", ..];

    /// <param name="settings">Configuration on top of the server's (tests point the identity folder and database elsewhere).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var centre = new Option<string>("--centre") { Description = "Alamat server pusat, mis. https://pusat.example.go.id/", Required = true };
        var venue = new Option<string>("--venue") { Description = "Kode lokasi yang didaftarkan pusat, mis. LOK-MKS-01", Required = true };
        var code = new Option<string>("--code") { Description = "Kode pendaftaran sekali pakai dari panitia pusat", Required = true };
        var enrol = new Command("enrol", "Mendaftarkan server lokasi ini ke pusat: membuat kunci bila belum ada, mengirim kunci publik dan bukti kepemilikannya, menyimpan kredensial.");
        enrol.Options.Add(centre);
        enrol.Options.Add(venue);
        enrol.Options.Add(code);
        enrol.SetAction((parse, ct) => WithHostAsync(settings, parse.GetValue(centre), parse.GetValue(venue), (services, _) =>
            services.GetRequiredService<VenueEnrolment>().EnrolAsync(parse.GetValue(venue)!, parse.GetValue(code)!, stdout, stderr, ct), stderr));
        var status = new Command("status", "Menampilkan kode lokasi, pusat, sidik jari kunci publik, status pendaftaran dan panjang antrean ke pusat.");
        status.SetAction((parse, ct) => WithHostAsync(settings, null, null, (services, options) =>
            services.GetRequiredService<VenueEnrolment>().StatusAsync(options.VenueCode, options.CentreUrl, stdout, ct), stderr));
        var command = new Command("venue", "Server lokasi dalam seleksi nasional: pendaftaran ke pusat dan statusnya.");
        command.Subcommands.Add(enrol);
        command.Subcommands.Add(status);
        var root = new RootCommand("AsnCat: server ujian CAT.");
        root.Subcommands.Add(command);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static async Task<int> WithHostAsync(
        IEnumerable<KeyValuePair<string, string?>>? settings, string? centreText, string? venue, Func<IServiceProvider, NationalOptions, Task<int>> run, TextWriter stderr)
    {
        Uri? centre = null;
        if (centreText is not null && !(Uri.TryCreate(centreText, UriKind.Absolute, out centre) && centre.Scheme is "http" or "https"))
        {
            stderr.WriteLine($"venue enrol: --centre '{centreText}' bukan alamat http(s) lengkap, mis. https://pusat.example.go.id/. Tidak ada yang berubah.");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (centre is not null)
        {
            overrides[NationalOptions.Section + ":" + nameof(NationalOptions.CentreUrl)] = centre.ToString();
            overrides[NationalOptions.Section + ":" + nameof(NationalOptions.VenueCode)] = venue;
        }
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddAsnCatDatabase();
        builder.AddAsnCatVenue(runsExams: false);
        builder.Services.AddSingleton(TimeProvider.System);
        await using var app = builder.Build();
        NationalOptions options;
        try
        {
            options = app.Services.GetRequiredService<IOptions<NationalOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            stderr.WriteLine("Pengaturan National tidak valid: " + string.Join(" ", e.Failures));
            return 2;
        }
        await app.InitializeDatabaseAsync();
        return await run(app.Services, options);
    }
}
