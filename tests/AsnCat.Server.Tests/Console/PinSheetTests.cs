using System.Text;
using AsnCat.Server.Banks;
using AsnCat.Tool.Csv;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using Bunit;
namespace AsnCat.Server.Tests.Console;

/// <summary>The PIN sheet for the check-in desk: one row per PIN, and a CSV a spreadsheet cannot turn into a formula.</summary>
public sealed class PinSheetTests : BunitContext
{
    private static readonly SessionRow Session = new(
        7, "SKD-JKT-001", "Kanreg V BKN Jakarta", "Ruang 1", "WIB", new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero),
        SessionState.Scheduled, 40, 4, 0, "skd-contoh");

    private static readonly IssuedPin[] Pins =
    [
        new(1, "2026-JKT-0001", "Siti Rahmawati", "004211"),
        new(2, "2026-JKT-0002", "Budi, S.E.", "918273"),
        new(3, "2026-JKT-0003", "Yohana \"Yo\" Wenda", "000000"),
        new(null, "2026-JKT-0004", "=HYPERLINK(\"http://x\")", "123456"),
    ];

    private IRenderedComponent<PinSheet> RenderSheet(IReadOnlyList<IssuedPin> pins) =>
        Render<PinSheet>(p => p.Add(x => x.Session, Session).Add(x => x.Pins, pins));

    [Fact]
    public void Renders_one_row_per_PIN_with_seat_number_name_and_PIN()
    {
        var sheet = RenderSheet(Pins);

        var rows = sheet.FindAll("tbody tr");
        Assert.Equal(4, rows.Count);
        Assert.Equal(
            ["1|2026-JKT-0001|Siti Rahmawati|004211", "2|2026-JKT-0002|Budi, S.E.|918273", "3|2026-JKT-0003|Yohana \"Yo\" Wenda|000000", "|2026-JKT-0004|=HYPERLINK(\"http://x\")|123456"],
            rows.Select(r => string.Join('|', r.QuerySelectorAll("td").Take(4).Select(td => td.TextContent))));
        Assert.Equal("004211", sheet.Find("td.pin[data-pin='2026-JKT-0001']").TextContent);
        Assert.Contains("SKD-JKT-001 · Kanreg V BKN Jakarta · Ruang 1", sheet.Find("#pin-title").TextContent, StringComparison.Ordinal);
        Assert.Contains("Selasa, 01/12/2026 08.00 WIB", sheet.Find("p.muted").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Renders_an_empty_table_for_no_PINs()
    {
        var sheet = RenderSheet([]);

        Assert.Empty(sheet.FindAll("tbody tr"));
        Assert.Equal("kursi,nomor_peserta,nama,pin\r\n", DownloadedCsv(sheet));
    }

    [Fact]
    public void The_CSV_quotes_commas_and_quotes_and_keeps_leading_zeros()
    {
        var csv = PinSheet.Csv(Pins[..3]);

        Assert.Equal(
            "kursi,nomor_peserta,nama,pin\r\n" +
            "1,2026-JKT-0001,Siti Rahmawati,004211\r\n" +
            "2,2026-JKT-0002,\"Budi, S.E.\",918273\r\n" +
            "3,2026-JKT-0003,\"Yohana \"\"Yo\"\" Wenda\",000000\r\n",
            csv);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+62 812", "'+62 812")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("=HYPERLINK(\"http://x\",\"klik\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"")]
    [InlineData("Ani=Budi", "Ani=Budi")]
    [InlineData("Bali\nNTB", "\"Bali\nNTB\"")]
    [InlineData("Siti Aminah, S.Pd. Ñ", "\"Siti Aminah, S.Pd. Ñ\"")]
    public void A_cell_that_starts_like_a_formula_is_neutralised(string name, string field)
    {
        var csv = PinSheet.Csv([new IssuedPin(4, "2026-JKT-0004", name, "123456")]);

        Assert.Equal($"kursi,nomor_peserta,nama,pin\r\n4,2026-JKT-0004,{field},123456\r\n", csv);
    }

    [Fact]
    public void The_CSV_reads_back_to_the_same_rows_with_the_servers_own_CSV_reader()
    {
        using var dir = new TempDir();
        var path = dir.Write("pin.csv", PinSheet.Csv(Pins));
        var errors = new List<AsnCat.Tool.Banks.FileError>();

        var table = CsvTable.Read(path, ["kursi", "nomor_peserta", "nama", "pin"], errors);

        Assert.Empty(errors);
        Assert.Equal(
            ["1|2026-JKT-0001|Siti Rahmawati|004211", "2|2026-JKT-0002|Budi, S.E.|918273", "3|2026-JKT-0003|Yohana \"Yo\" Wenda|000000", "|2026-JKT-0004|'=HYPERLINK(\"http://x\")|123456"],
            table!.Rows.Select(r => string.Join('|', r.Fields)));
    }

    [Fact]
    public void The_download_link_is_the_CSV_in_UTF8_with_a_byte_order_mark()
    {
        var sheet = RenderSheet(Pins);

        var link = sheet.Find("a[download]");
        Assert.Equal("pin-SKD-JKT-001.csv", link.GetAttribute("download"));
        var bytes = DownloadedBytes(sheet);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(PinSheet.Csv(Pins), Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void Non_ASCII_names_survive_the_download()
    {
        var pins = new[] { new IssuedPin(1, "2026-JKT-0009", "Ni Luh Ayu Déwi Ñoman", "555555") };

        var sheet = RenderSheet(pins);

        Assert.Equal("kursi,nomor_peserta,nama,pin\r\n1,2026-JKT-0009,Ni Luh Ayu Déwi Ñoman,555555\r\n", DownloadedCsv(sheet));
    }

    private static byte[] DownloadedBytes(IRenderedComponent<PinSheet> sheet)
    {
        const string Prefix = "data:text/csv;charset=utf-8;base64,";
        var href = sheet.Find("a[download]").GetAttribute("href")!;
        Assert.StartsWith(Prefix, href, StringComparison.Ordinal);
        return Convert.FromBase64String(href[Prefix.Length..]);
    }

    private static string DownloadedCsv(IRenderedComponent<PinSheet> sheet)
    {
        var bytes = DownloadedBytes(sheet);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }
}
