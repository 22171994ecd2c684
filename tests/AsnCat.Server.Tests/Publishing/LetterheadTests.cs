using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// The letterhead is a settings section checked at start (NIP of 18 digits, the logo file), and
/// every PDF carries it: the announcement with its place, date and signature block in the
/// publication's zone, the certificate only for a candidate with a score.
/// </summary>
public sealed class LetterheadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static LetterheadOptions Sample(string? logo = null) => new()
    {
        Agency = "Pemerintah Provinsi Sulawesi Selatan",
        Committee = "Panitia Seleksi CASN Daerah Tahun 2026",
        Place = "Makassar",
        TimeZone = "WITA",
        SignatoryTitle = "Sekretaris Daerah selaku Ketua Panitia",
        SignatoryName = "Ir. Andi Baso, M.T.",
        SignatoryNip = "196805121994031005",
        LogoPath = logo,
    };

    public static PublicationFiles Files(LetterheadOptions letterhead) =>
        new(Options.Create(letterhead), new HostingEnvironment { ContentRootPath = Path.GetTempPath() });

    private static PublicationView View(string zone)
    {
        var table = new PublishedTable("sesi", "S-MKS", "Hasil SKD sesi S-MKS", ["Nomor peserta", "Nama", "TWK", "Total", "Keterangan"],
            [new PublishedRow("P-0001", ["P-0001", "Andi", "90", "400", "Lulus"]), new PublishedRow("P-0002", ["P-0002", "Budi", "", "", "Tidak hadir"])]);
        var publication = new Publication
        {
            // 01:40 UTC is 09.40 WITA on 6 December
            Id = 3, Kind = "sesi", Subject = "S-MKS", Version = 1, PublishedAt = new DateTimeOffset(2026, 12, 6, 1, 40, 0, TimeSpan.Zero),
            PublishedBy = "ketua", Title = table.Title, RowsJson = "[]", RowsSha256 = new string('b', 64),
        };
        return new PublicationView(publication, table, [], zone);
    }

    [Fact]
    public void The_announcement_carries_the_letterhead_the_zone_named_time_and_the_signature_block()
    {
        var lines = PublishedReaders.PdfLines(Files(Sample()).Pdf(View("WITA"), "https://hasil.contoh.invalid"), out _, out var images).Select(l => l.Text).ToList();

        Assert.Equal(0, images);
        Assert.Equal("PANITIA SELEKSI CASN DAERAH TAHUN 2026", lines[0]);
        Assert.Equal("PEMERINTAH PROVINSI SULAWESI SELATAN", lines[1]);
        Assert.Contains("Nomor: 3/SESI/S-MKS/V1 · 6 Desember 2026, 09.40 WITA", lines);
        Assert.Contains("Makassar, 6 Desember 2026", lines);
        Assert.Contains("Sekretaris Daerah selaku Ketua Panitia,", lines);
        Assert.Contains("Ir. Andi Baso, M.T.", lines);
        Assert.Contains("NIP 196805121994031005", lines);
        Assert.DoesNotContain(lines, l => l.Contains("UTC", StringComparison.Ordinal));
    }

    [Fact]
    public void A_logo_is_drawn_on_every_pdf_and_an_absent_candidate_gets_no_certificate()
    {
        var logo = Path.Combine(Path.GetTempPath(), $"logo-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(logo, PublicationFiles.QrPng("logo"));
        try
        {
            var files = Files(Sample(logo));
            PublishedReaders.PdfLines(files.Pdf(View("WITA"), "https://hasil.contoh.invalid"), out _, out var images);
            Assert.Equal(1, images);
            var certificate = files.Certificate(View("WITA"), "P-0001", "https://hasil.contoh.invalid");
            var lines = PublishedReaders.PdfLines(certificate!, out _, out var certificateImages).Select(l => l.Text).ToList();
            Assert.Equal(2, certificateImages);   // the logo and the QR code
            Assert.Contains("PEMERINTAH PROVINSI SULAWESI SELATAN", lines);
            Assert.Contains(lines, l => l.EndsWith("6 Desember 2026, 09.40 WITA", StringComparison.Ordinal));

            Assert.Null(files.Certificate(View("WITA"), "P-0002", "https://hasil.contoh.invalid"));
        }
        finally
        {
            File.Delete(logo);
        }
    }

    [Fact]
    public void The_same_instant_reads_in_each_zone_with_its_name_and_machine_time_carries_the_offset()
    {
        var at = new DateTimeOffset(2026, 12, 6, 1, 40, 0, TimeSpan.Zero);
        Assert.Equal("6 Desember 2026, 08.40 WIB", IndonesianTime.Written(at, "WIB"));
        Assert.Equal("6 Desember 2026, 09.40 WITA", IndonesianTime.Written(at, "WITA"));
        Assert.Equal("6 Desember 2026, 10.40 WIT", IndonesianTime.Written(at, "WIT"));
        Assert.Equal("2026-12-06T09:40:00+08:00", IndonesianTime.Iso(at, "WITA"));
        Assert.Equal("06/12/2026 10.40.00 WIT", IndonesianTime.Stamp(at, "WIT"));
    }

    private static async Task<string> StartFailureAsync(Action<LetterheadOptions> change)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var sample = Sample();
        change(sample);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Agency"] = sample.Agency, ["Committee"] = sample.Committee, ["Place"] = sample.Place, ["TimeZone"] = sample.TimeZone,
            ["SignatoryTitle"] = sample.SignatoryTitle, ["SignatoryName"] = sample.SignatoryName, ["SignatoryNip"] = sample.SignatoryNip,
            ["LogoPath"] = sample.LogoPath,
        })
        {
            builder.Configuration[$"{LetterheadOptions.Section}:{key}"] = value;
        }
        builder.AddAsnCatPublishing();
        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(Ct));
        return e.Message;
    }

    [Fact]
    public async Task A_nip_that_is_not_18_digits_fails_start_up_with_an_indonesian_message()
    {
        var message = await StartFailureAsync(o => o.SignatoryNip = "19680512 199403 1 005");
        Assert.Contains("Letterhead:SignatoryNip", message, StringComparison.Ordinal);
        Assert.Contains("18 angka", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_logo_file_or_an_empty_agency_fails_start_up_naming_the_setting()
    {
        var message = await StartFailureAsync(o => { o.LogoPath = "/tidak/ada/logo.png"; o.Agency = ""; });
        Assert.Contains("Letterhead:LogoPath", message, StringComparison.Ordinal);
        Assert.Contains("tidak ditemukan", message, StringComparison.Ordinal);
        Assert.Contains("Letterhead:Agency kosong", message, StringComparison.Ordinal);
    }
}
