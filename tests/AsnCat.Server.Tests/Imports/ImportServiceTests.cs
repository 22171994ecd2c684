using System.Text;
using System.Text.Json;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Data;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Imports;

public class ImportServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Header = ImportFixture.PesertaHeader;

    [Fact]
    public async Task Good_xlsx_files_import_every_formation_and_candidate_with_an_audit_entry_each()
    {
        using var f = await ImportFixture.CreateAsync();

        var formations = await f.ImportAsync(ImportKind.Formasi, f.Xlsx("formasi.xlsx", ImportFixture.FormasiHeader, GoodRows.Formations), "formasi.xlsx");
        var candidates = await f.ImportAsync(ImportKind.Peserta, f.Xlsx("peserta.xlsx", Header, GoodRows.Candidates), "peserta.xlsx");

        Assert.Empty(formations.Problems);
        Assert.Empty(candidates.Problems);
        Assert.Equal((2, 2, 4, 4), (formations.Rows, formations.Imported, candidates.Rows, candidates.Imported));
        Assert.Equal((2, 4), await f.CountsAsync());

        await using var db = f.Database.Open();
        var formation = await db.Formations.SingleAsync(x => x.Code == "KEMENKEU-PK-001", Ct);
        Assert.Equal(("Kementerian Keuangan", "Penata Kelola APBN Ahli Pertama", "Jakarta Pusat", 3, "S-1 Ekonomi"),
            (formation.Agency, formation.Position, formation.Location, formation.Quota, formation.Education));
        var yohana = await db.Candidates.Include(c => c.Formation).SingleAsync(c => c.ParticipantNumber == "P-0003", Ct);
        Assert.Equal(("Yohana Wenda", "9171030303000003", new DateOnly(2000, 3, 3), "BKN-AK-002", CandidateCategory.Papua, 30, true, true),
            (yohana.Name, yohana.Nik, yohana.BirthDate, yohana.Formation!.Code, yohana.Category, yohana.ExtraMinutes, yohana.LargeFont, yohana.ScreenReader));
        var budi = await db.Candidates.SingleAsync(c => c.ParticipantNumber == "P-0002", Ct);
        Assert.Equal((0, false, false), (budi.ExtraMinutes, budi.LargeFont, budi.ScreenReader));
        var andi = await db.Candidates.SingleAsync(c => c.ParticipantNumber == "P-0004", Ct);
        Assert.Equal((CandidateCategory.DaerahTertinggal, 120, true, false), (andi.Category, andi.ExtraMinutes, andi.LargeFont, andi.ScreenReader));

        var audit = await f.AuditAsync();
        Assert.Equal(["import.formations", "import.candidates"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("panitia-uji", "127.0.0.1", TestDatabase.Start), (a.Actor, a.Address, a.At)));
        using var details = JsonDocument.Parse(audit[1].Details!);
        Assert.Equal("peserta.xlsx", details.RootElement.GetProperty("file").GetString());
        Assert.Equal(4, details.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal("stored", details.RootElement.GetProperty("result").GetString());
    }

    private static string[][] BadCandidates =>
    [
        GoodRows.Candidates[0],                                                                                       // row 2: fine
        ["P-0001", "Ganda", "7371014101990009", "1999-01-01", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"],      // row 3: duplicate number
        ["P-0010", "Formasi Asing", "7371014101990010", "1999-01-01", "TIDAK-ADA-9", "umum", "0", "tidak", "tidak"],  // row 4: unknown formation
        ["P-0011", "NIK Pendek", "737101410199", "1999-01-01", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"],    // row 5: NIK of 12
        ["P-0012", "Tanggal Salah", "7371014101990012", "1999-02-30", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"], // row 6: no 30 February
        ["P-0013", "Kategori Salah", "7371014101990013", "1999-01-01", "KEMENKEU-PK-001", "khusus", "0", "tidak", "tidak"], // row 7
        GoodRows.Candidates[1],                                                                                       // row 8: fine
    ];

    private static void AssertBadCandidatesReport(ImportResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Imported);
        Assert.Equal(
            [(3, "nomor_peserta"), (4, "kode_formasi"), (5, "nik"), (6, "tanggal_lahir"), (7, "kategori")],
            result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("ganda: sudah ada di baris 2", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("TIDAK-ADA-9 tidak dikenal", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("16 angka", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("1999-02-30", result.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("'khusus' tidak dikenal", result.Problems[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_xlsx_with_bad_rows_imports_nothing_and_names_each_bad_row_and_column()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Xlsx("formasi.xlsx", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);

        var result = await f.ImportAsync(ImportKind.Peserta, f.Xlsx("peserta.xlsx", Header, BadCandidates), "peserta-salah.xlsx");

        AssertBadCandidatesReport(result);
        Assert.Equal((2, 0), await f.CountsAsync());
        var refusal = (await f.AuditAsync())[^1];
        Assert.Equal("import.candidates", refusal.Action);
        using var details = JsonDocument.Parse(refusal.Details!);
        Assert.Equal(("peserta-salah.xlsx", "refused", 5, 0), (details.RootElement.GetProperty("file").GetString(), details.RootElement.GetProperty("result").GetString(),
            details.RootElement.GetProperty("problems").GetInt32(), details.RootElement.GetProperty("imported").GetInt32()));
    }

    [Fact]
    public async Task A_csv_with_bad_rows_imports_nothing_and_names_each_bad_line_and_column()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);

        var result = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", Header, BadCandidates), "peserta-salah.csv");

        AssertBadCandidatesReport(result);
        Assert.Equal((2, 0), await f.CountsAsync());
    }

    [Fact]
    public async Task Good_csv_files_import_every_row()
    {
        using var f = await ImportFixture.CreateAsync();

        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        var result = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", Header, GoodRows.Candidates));

        Assert.Empty(result.Problems);
        Assert.Equal((2, 4), await f.CountsAsync());
    }

    [Fact]
    public async Task A_corrupt_xlsx_is_refused_with_a_clear_message_and_imports_nothing()
    {
        using var f = await ImportFixture.CreateAsync();
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'P';
        bytes[1] = (byte)'K';

        var result = await f.ImportAsync(ImportKind.Formasi, bytes, "rusak.xlsx");

        var problem = Assert.Single(result.Problems);
        Assert.Null(problem.Row);
        Assert.Contains(".xlsx rusak", problem.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await f.CountsAsync());
        Assert.Equal("import.formations", Assert.Single(await f.AuditAsync()).Action);
    }

    [Fact]
    public async Task A_real_zip_that_is_not_a_workbook_is_refused_as_unreadable()
    {
        using var f = await ImportFixture.CreateAsync();
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = await zip.CreateEntry("catatan.txt").OpenAsync(Ct);
            await entry.WriteAsync("bukan buku kerja"u8.ToArray(), Ct);
        }

        var result = await f.ImportAsync(ImportKind.Peserta, buffer.ToArray(), "bukan.xlsx");

        Assert.Contains(".xlsx rusak", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImportKind.Formasi)]
    [InlineData(ImportKind.Peserta)]
    public async Task Downloaded_templates_with_their_example_row_import(ImportKind kind)
    {
        foreach (var xlsx in new[] { true, false })
        {
            using var f = await ImportFixture.CreateAsync();
            if (kind == ImportKind.Peserta)
            {
                // the peserta example names the formasi example
                Assert.Empty((await f.ImportAsync(ImportKind.Formasi, ImportTemplates.Csv(ImportKind.Formasi))).Problems);
            }
            var template = xlsx ? ImportTemplates.Xlsx(kind) : ImportTemplates.Csv(kind);

            var result = await f.ImportAsync(kind, template, xlsx ? "template.xlsx" : "template.csv");

            Assert.Empty(result.Problems);
            Assert.Equal(1, result.Imported);
            Assert.Equal(kind == ImportKind.Formasi ? (1, 0) : (1, 1), await f.CountsAsync());
        }
    }

    [Fact]
    public void The_xlsx_template_has_a_bold_header_an_example_row_and_a_petunjuk_sheet()
    {
        using var workbook = new XLWorkbook(new MemoryStream(ImportTemplates.Xlsx(ImportKind.Peserta)));

        var sheet = workbook.Worksheet(1);
        Assert.Equal(Header, Enumerable.Range(1, Header.Length).Select(c => sheet.Cell(1, c).GetString()));
        Assert.All(Enumerable.Range(1, Header.Length), c => Assert.True(sheet.Cell(1, c).Style.Font.Bold));
        Assert.Equal("7371014101990001", sheet.Cell(2, 3).GetString());
        var help = workbook.Worksheet("Petunjuk");
        Assert.Equal(Header, Enumerable.Range(2, Header.Length).Select(r => help.Cell(r, 1).GetString()));
        Assert.Contains("16 angka", help.Cell(4, 2).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_very_same_file_sent_again_is_answered_with_the_first_import_and_stores_nothing_twice()
    {
        using var f = await ImportFixture.CreateAsync();
        var formations = f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations);
        var candidates = f.Csv("peserta.csv", Header, GoodRows.Candidates);
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, formations)).Problems);
        var first = await f.ImportAsync(ImportKind.Peserta, candidates, "peserta.csv");

        // a retry after the answer was lost (the node died after the commit), under another file name
        var again = await f.ImportAsync(ImportKind.Peserta, candidates, "peserta (1).csv");

        Assert.Equal((4, false), (first.Imported, first.AlreadyImported));
        Assert.Empty(again.Problems);
        Assert.Equal((4, true), (again.Imported, again.AlreadyImported));
        Assert.Equal((2, 4), await f.CountsAsync());
        Assert.Equal(["import.formations", "import.candidates"], (await f.AuditAsync()).Select(a => a.Action));
        // the same rows as formations are another kind: not taken for a repeat
        Assert.False((await f.ImportAsync(ImportKind.Formasi, candidates)).AlreadyImported);
    }

    [Fact]
    public async Task Candidates_already_in_the_database_are_refused_not_updated()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        Assert.Empty((await f.ImportAsync(ImportKind.Peserta, f.Csv("a.csv", Header, GoodRows.Candidates[0]))).Problems);
        var renamed = (string[])GoodRows.Candidates[0].Clone();
        renamed[1] = "Nama Baru";

        var result = await f.ImportAsync(ImportKind.Peserta, f.Csv("b.csv", Header, renamed, GoodRows.Candidates[1]));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "nomor_peserta"), (problem.Row, problem.Column));
        Assert.Contains("sudah ada di basis data", problem.Message, StringComparison.Ordinal);
        await using var db = f.Database.Open();
        Assert.Equal("Siti Rahmawati", (await db.Candidates.SingleAsync(Ct)).Name);
    }

    [Fact]
    public async Task Formations_already_in_the_database_or_twice_in_the_file_are_refused()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("a.csv", ImportFixture.FormasiHeader, GoodRows.Formations[0]))).Problems);

        var result = await f.ImportAsync(ImportKind.Formasi, f.Csv("b.csv", ImportFixture.FormasiHeader,
            GoodRows.Formations[0],                                                               // row 2: in the database
            GoodRows.Formations[1],                                                               // row 3: fine
            GoodRows.Formations[1],                                                               // row 4: twice in the file
            ["X-1", "Instansi", "Jabatan", "Lokasi", "0", "S-1"],                                 // row 5: quota 0
            ["X-2", "Instansi", "Jabatan", "Lokasi", "dua", "S-1"],                               // row 6: quota not a number
            ["X-3", "", "Jabatan", "Lokasi", "1", "S-1"]));                                       // row 7: agency missing

        Assert.Equal([(2, "kode_formasi"), (4, "kode_formasi"), (5, "kuota"), (6, "kuota"), (7, "instansi")],
            result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("tidak mengubah", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("baris 3", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal((1, 0), await f.CountsAsync());
    }

    [Fact]
    public async Task Age_accommodations_booleans_and_control_characters_are_checked()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        string[] Row(string number, string birth = "1999-01-01", string extra = "0", string font = "tidak", string name = "Nama") =>
            [number, name, "73710141019900" + number[^1] + "0", birth, "BKN-AK-002", "umum", extra, font, "tidak"];   // one NIK per person

        // at 2 March 2026: born 2009-03-03 is 16, 2009-03-02 is 17 today; 1965-03-02 is 61, 1965-03-03 still 60
        var result = await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", Header,
            Row("A1", birth: "2009-03-03"),   // row 2: 16
            Row("A2", birth: "2009-03-02"),   // row 3: 17, fine
            Row("A3", birth: "1965-03-02"),   // row 4: 61
            Row("A4", birth: "1965-03-03"),   // row 5: 60, fine
            Row("A5", extra: "121"),          // row 6
            Row("A6", extra: "-5"),           // row 7
            Row("A7", font: "mungkin"),       // row 8
            Row("A8", name: "Nama\u0007"),    // row 9: BEL
            Row("A9", birth: "01/02/1999")));  // row 10: not YYYY-MM-DD

        Assert.Equal([(2, "tanggal_lahir"), (4, "tanggal_lahir"), (6, "tambahan_menit"), (7, "tambahan_menit"), (8, "huruf_besar"), (9, "nama"), (10, "tanggal_lahir")],
            result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("usia 16 tahun", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("usia 61 tahun", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal((2, 0), await f.CountsAsync());
    }

    [Fact]
    public async Task A_header_other_than_the_template_is_refused_but_case_and_spaces_do_not_matter()
    {
        using var f = await ImportFixture.CreateAsync();
        string[] shouting = [.. ImportFixture.FormasiHeader.Select(h => "  " + h.ToUpperInvariant() + " ")];
        string[] swapped = [.. ImportFixture.FormasiHeader.Reverse()];

        var wrong = await f.ImportAsync(ImportKind.Formasi, f.Csv("a.csv", swapped, GoodRows.Formations[0]));
        var fine = await f.ImportAsync(ImportKind.Formasi, f.Xlsx("b.xlsx", shouting, GoodRows.Formations[0]));

        var problem = Assert.Single(wrong.Problems);
        Assert.Equal(1, problem.Row);
        Assert.Contains("judul kolom harus kode_formasi,instansi", problem.Message, StringComparison.Ordinal);
        Assert.Empty(fine.Problems);
    }

    [Fact]
    public async Task Formula_and_error_cells_are_refused_not_evaluated()
    {
        using var f = await ImportFixture.CreateAsync();
        var bytes = f.Xlsx("rumus.xlsx", sheet =>
        {
            for (var c = 0; c < ImportFixture.FormasiHeader.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(ImportFixture.FormasiHeader[c]);
                sheet.Cell(2, c + 1).SetValue(GoodRows.Formations[0][c]);
                sheet.Cell(3, c + 1).SetValue(GoodRows.Formations[1][c]);
            }
            sheet.Cell(2, 5).FormulaA1 = "1+2";
            sheet.Cell(3, 2).SetValue("#REF!");
        });

        var result = await f.ImportAsync(ImportKind.Formasi, bytes);

        Assert.Equal([(2, "kuota"), (3, "instansi")], result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("rumus", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("#REF!", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await f.CountsAsync());
    }

    [Fact]
    public async Task Typed_excel_cells_read_as_the_user_sees_them_and_a_numeric_nik_is_refused()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        var bytes = f.Xlsx("peserta.xlsx", sheet =>
        {
            for (var c = 0; c < Header.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(Header[c]);
                sheet.Cell(2, c + 1).SetValue(GoodRows.Candidates[0][c]);
                sheet.Cell(3, c + 1).SetValue(GoodRows.Candidates[1][c]);
            }
            sheet.Cell(2, 1).SetValue(12345);                       // a number typed as a number
            sheet.Cell(2, 3).SetValue("  7371014101990001  ");      // spaces are trimmed
            sheet.Cell(2, 4).SetValue(new DateTime(1999, 1, 1));   // a real date cell
            sheet.Cell(2, 7).SetValue(30);
            sheet.Cell(2, 8).SetValue(true);
            sheet.Cell(3, 3).SetValue(3174020202950002d);          // a NIK as a number: Excel keeps only 15 digits
        });

        var result = await f.ImportAsync(ImportKind.Peserta, bytes);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, "nik"), (problem.Row, problem.Column));
        Assert.Contains("Teks", problem.Message, StringComparison.Ordinal);

        bytes = f.Xlsx("peserta2.xlsx", sheet =>
        {
            for (var c = 0; c < Header.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(Header[c]);
                sheet.Cell(2, c + 1).SetValue(GoodRows.Candidates[0][c]);
            }
            sheet.Cell(2, 1).SetValue(12345);
            sheet.Cell(2, 3).SetValue("  7371014101990001  ");
            sheet.Cell(2, 4).SetValue(new DateTime(1999, 1, 1));
            sheet.Cell(2, 7).SetValue(30);
            sheet.Cell(2, 8).SetValue(true);
        });
        Assert.Empty((await f.ImportAsync(ImportKind.Peserta, bytes)).Problems);
        await using var db = f.Database.Open();
        var stored = await db.Candidates.SingleAsync(Ct);
        Assert.Equal(("12345", "7371014101990001", new DateOnly(1999, 1, 1), 30, true), (stored.ParticipantNumber, stored.Nik, stored.BirthDate, stored.ExtraMinutes, stored.LargeFont));
    }

    [Fact]
    public async Task Files_over_10_MB_and_files_that_are_neither_xlsx_nor_csv_are_refused()
    {
        using var f = await ImportFixture.CreateAsync();
        var big = Encoding.UTF8.GetBytes(string.Join(',', ImportFixture.FormasiHeader) + "\n" + new string('x', ImportTable.MaxBytes));
        var binary = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0xFE, 0x00 };   // a PDF-like blob

        var tooBig = await f.ImportAsync(ImportKind.Formasi, big);
        var notCsv = await f.ImportAsync(ImportKind.Formasi, binary);

        Assert.Contains("10 MB", Assert.Single(tooBig.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("bukan .xlsx", Assert.Single(notCsv.Problems).Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await f.CountsAsync());
    }

    [Fact]
    public async Task A_NIK_twice_in_the_file_or_already_registered_is_a_problem_and_nothing_is_imported()
    {
        using var f = await ImportFixture.CreateAsync();
        Assert.Empty((await f.ImportAsync(ImportKind.Formasi, f.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Problems);
        Assert.Empty((await f.ImportAsync(ImportKind.Peserta, f.Csv("peserta.csv", ImportFixture.PesertaHeader, GoodRows.Candidates[0]))).Problems);

        var result = await f.ImportAsync(ImportKind.Peserta, f.Xlsx("peserta2.xlsx", ImportFixture.PesertaHeader,
            ["P-0020", "Orang Baru", "3174020202950020", "1995-02-02", "KEMENKEU-PK-001", "umum", "", "", ""],   // row 2: fine
            ["P-0021", "Orang Sama", "3174020202950020", "1995-02-02", "KEMENKEU-PK-001", "umum", "", "", ""],   // row 3: NIK of row 2
            ["P-0022", "Sudah Ada", GoodRows.Candidates[0][2], "1999-01-01", "BKN-AK-002", "umum", "", "", ""])); // row 4: NIK of P-0001

        Assert.Equal([(3, "nik"), (4, "nik")], result.Problems.Select(p => (p.Row ?? 0, p.Column ?? "")));
        Assert.Contains("sama dengan baris 2", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("sudah terdaftar untuk peserta P-0001", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal((2, 1), await f.CountsAsync());
    }
}
