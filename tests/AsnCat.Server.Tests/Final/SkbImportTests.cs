using AsnCat.Server.Data;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Data;
using ClosedXML.Excel;
namespace AsnCat.Server.Tests.Final;

/// <summary>
/// SKB score import: in F-A (quota 1) A09, A10, A11 and A12 advance to SKB; A01 passed SKD but
/// ranks 5th, so does not advance.
/// </summary>
public sealed class SkbImportTests
{
    [Fact]
    public async Task A_good_csv_is_stored_whole_with_either_decimal_separator()
    {
        using var f = await FinalFixture.CreateAsync();
        var csv = f.Csv("baik.csv", ["A09", "87.125", "3.50"], ["A10", "87,5", "3,4"], ["A11", "100", ""], ["A12", "0", "4.00"]);

        var result = await f.ImportAsync(csv, "baik.csv");

        Assert.Empty(result.Problems);
        Assert.Equal(("skb", "baik.csv", 4, 4), (result.Kind, result.FileName, result.Rows, result.Imported));
        var scores = await f.ScoresAsync();
        Assert.Equal(
            [("A09", 87_125, (int?)350), ("A10", 87_500, 340), ("A11", 100_000, null), ("A12", 0, 400)],
            scores.Select(s => (s.Candidate!.ParticipantNumber, s.ScoreMilli, s.GpaCenti)).ToList());
        Assert.All(scores, s => Assert.Equal(("panitia-uji", TestDatabase.Start), (s.ImportedBy, s.ImportedAt)));
        var audit = Assert.Single(await f.AuditAsync());
        Assert.Equal((SkbImport.ImportedAction, "panitia-uji", "127.0.0.1"), (audit.Action, audit.Actor, audit.Address));
        Assert.Contains("\"imported\":4", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_xlsx_with_numeric_and_text_cells_is_stored()
    {
        using var f = await FinalFixture.CreateAsync();
        // numeric cells (as typed in Excel) and a text cell with a comma
        var xlsx = f.Xlsx("baik.xlsx", ["A09", "87.125", "3.5"], ["A12", "66,667", "2,75"]);

        var result = await f.ImportAsync(xlsx, "baik.xlsx");

        Assert.Empty(result.Problems);
        Assert.Equal([("A09", 87_125, (int?)350), ("A12", 66_667, 275)],
            (await f.ScoresAsync()).Select(s => (s.Candidate!.ParticipantNumber, s.ScoreMilli, s.GpaCenti)).ToList());
    }

    public static TheoryData<string> Formats => ["csv", "xlsx"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Bad_rows_are_reported_by_row_and_column_and_nothing_is_stored(string format)
    {
        using var f = await FinalFixture.CreateAsync();
        string[][] rows =
        [
            ["A09", "87.125", "3.50"],   // row 2: good
            ["X-99", "80", ""],          // row 3: unknown number
            ["A01", "80", ""],           // row 4: passed SKD, does not advance
            ["A10", "100.001", ""],      // row 5: above 100
            ["A09", "70", ""],           // row 6: duplicate of row 2
            ["A11", "87.1234", ""],      // row 7: four decimals
            ["A12", "8a", "4.01"],       // row 8: not a number; IPK above 4.00
            ["A14", "", "3,2.1"],        // row 9: absent in SKD (does not advance), score missing, IPK malformed
        ];
        var file = format == "csv" ? f.Csv("salah.csv", rows) : f.Xlsx("salah.xlsx", rows);

        var result = await f.ImportAsync(file, "salah." + format);

        Assert.Equal((8, 0), (result.Rows, result.Imported));
        Assert.Equal(
        [
            (3, "nomor_peserta"), (4, "nomor_peserta"), (5, "nilai_skb"), (6, "nomor_peserta"),
            (7, "nilai_skb"), (8, "nilai_skb"), (8, "ipk"), (9, "nomor_peserta"), (9, "nilai_skb"), (9, "ipk"),
        ], result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")).ToList());
        Assert.Contains("X-99 tidak dikenal", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("tidak lanjut ke SKB", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("0 sampai 100", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("ganda: sudah ada di baris 2", result.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("'87.1234'", result.Problems[4].Message, StringComparison.Ordinal);
        Assert.Contains("'8a'", result.Problems[5].Message, StringComparison.Ordinal);
        Assert.Contains("0.00 sampai 4.00", result.Problems[6].Message, StringComparison.Ordinal);
        Assert.Contains("tidak lanjut ke SKB", result.Problems[7].Message, StringComparison.Ordinal);
        Assert.Equal("wajib diisi", result.Problems[8].Message);
        Assert.Empty(await f.ScoresAsync());
        var audit = Assert.Single(await f.AuditAsync());
        Assert.Equal(SkbImport.RejectedAction, audit.Action);
        Assert.Contains("\"problems\":10", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_score_for_a_candidate_is_refused_and_the_first_stays()
    {
        using var f = await FinalFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(f.Csv("pertama.csv", ["A09", "80", ""]))).Problems);
        f.Results.Database.Time.Advance(TimeSpan.FromDays(1));

        var again = await f.ImportAsync(f.Csv("kedua.csv", ["A10", "81", ""], ["A09", "90", ""]), "kedua.csv");

        var problem = Assert.Single(again.Problems);
        Assert.Equal((3, "nomor_peserta"), (problem.Row, problem.Column));
        Assert.Contains("sudah memiliki nilai SKB 80.000", problem.Message, StringComparison.Ordinal);
        Assert.Contains("hapus baris ini dari berkas", problem.Message, StringComparison.Ordinal);
        Assert.Equal([("A09", 80_000)], (await f.ScoresAsync()).Select(s => (s.Candidate!.ParticipantNumber, s.ScoreMilli)).ToList());
        Assert.Equal([SkbImport.ImportedAction, SkbImport.RejectedAction], (await f.AuditAsync()).Select(a => a.Action).ToList());
    }

    [Fact]
    public async Task The_templates_have_the_import_header_and_an_example_that_parses()
    {
        using var f = await FinalFixture.CreateAsync();
        using (var workbook = new XLWorkbook(new MemoryStream(SkbImport.TemplateXlsx())))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal(FinalFixture.Header, Enumerable.Range(1, 3).Select(c => sheet.Cell(1, c).GetString()).ToArray());
            Assert.Equal(87.125, sheet.Cell(2, 2).GetDouble());
            Assert.Equal("Petunjuk", workbook.Worksheet(2).Name);
        }
        Assert.StartsWith("nomor_peserta,nilai_skb,ipk\r\nCONTOH-0001,87.125,3.45\r\n",
            System.Text.Encoding.UTF8.GetString(SkbImport.TemplateCsv()).TrimStart('\uFEFF'), StringComparison.Ordinal);

        // the filled-in example: only the (made-up) participant number is wrong
        foreach (var template in new[] { SkbImport.TemplateXlsx(), SkbImport.TemplateCsv() })
        {
            var result = await f.ImportAsync(template);
            var problem = Assert.Single(result.Problems);
            Assert.Equal((2, "nomor_peserta"), (problem.Row, problem.Column));
        }
    }

    [Theory]
    [InlineData("87.125", 3, 87_125)]
    [InlineData("87,125", 3, 87_125)]
    [InlineData("87.1250", 3, 87_125)]
    [InlineData("0", 3, 0)]
    [InlineData("100", 3, 100_000)]
    [InlineData("3,5", 2, 350)]
    [InlineData("87.1251", 3, null)]
    [InlineData("-1", 3, null)]
    [InlineData("1e2", 3, null)]
    [InlineData("87.", 3, null)]
    [InlineData(".5", 3, null)]
    [InlineData("1.000,5", 3, null)]
    [InlineData("", 3, null)]
    public void Fixed_point_numbers_parse_exactly(string text, int decimals, int? expected)
    {
        var ok = SkbImport.TryParseFixed(text, decimals, out var value);
        Assert.Equal(expected, ok ? value : null);
    }
}
