using AngleSharp.Dom;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Publishing;
using Bunit;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>A published table holding a name with script: the public page shows it as text, the PDF prints it as written.</summary>
public sealed class HostilePublicationTests : BunitContext
{
    private const string Name = "<script>alert('hasil')</script><img src=x onerror=alert(1)> Siti";

    private static PublicationView View()
    {
        var table = new PublishedTable("sesi", "S-UJI", "Hasil SKD sesi S-UJI", ["nomor_peserta", "nama", "total"],
            [new PublishedRow("P-0001", ["P-0001", Name, "400"]), new PublishedRow("P-0002", ["P-0002", "Budi", "350"])]);
        var publication = new Publication
        {
            Id = 7, Kind = "sesi", Subject = "S-UJI", Version = 1, PublishedAt = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
            PublishedBy = "panitia-uji", Title = table.Title, RowsJson = "[]", RowsSha256 = new string('a', 64),
        };
        return new PublicationView(publication, table, [new PublicationSummary(7, "sesi", "S-UJI", 1, table.Title, publication.PublishedAt, publication.RowsSha256, null)]);
    }

    [Fact]
    public void The_public_results_page_shows_a_script_name_as_text()
    {
        var page = Render<ResultPage>(p => p.Add(x => x.View, View()).Add(x => x.Header, ["PANITIA UJI"]));

        var cell = page.FindAll("#hasil tbody tr")[0].QuerySelectorAll("td")[1];
        Assert.Equal(Name, cell.TextContent);
        Assert.Contains("&lt;script&gt;alert(", cell.InnerHtml, StringComparison.Ordinal);
        foreach (var root in page.Nodes.OfType<IElement>())
        {
            Assert.Empty(root.QuerySelectorAll("script, [onerror]"));
        }
    }

    [Fact]
    public void The_published_pdf_prints_a_script_name_exactly_as_written()
    {
        var files = LetterheadTests.Files(LetterheadTests.Sample());

        var pdf = files.Pdf(View(), "https://hasil.contoh.invalid");

        var lines = PublishedReaders.PdfLines(pdf, out _, out _);
        Assert.Contains(lines, l => l.Text.Replace(" ", "", StringComparison.Ordinal).Contains(Name.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }
}
