using System.Diagnostics.CodeAnalysis;
using AsnCat.Server.Banks;
using AsnCat.Tool.Csv;
using AsnCat.Server.Data;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Data;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:AsnCat.Server.Tests.Imports", Justification = "C# only; 'Imports' is a keyword in Visual Basic.")]

namespace AsnCat.Server.Tests.Imports;

/// <summary>A migrated temp database with an <see cref="ImportService"/> on it, and files to import written to a temp folder.</summary>
internal sealed class ImportFixture : IDisposable
{
    private readonly TempDir _files = new();

    private ImportFixture(TestDatabase database)
    {
        Database = database;
        Service = new ImportService(new Factory(database), database.Time, NullLogger<ImportService>.Instance);
    }

    public TestDatabase Database { get; }

    public ImportService Service { get; }

    public static readonly string[] FormasiHeader = ImportTemplates.Header(ImportKind.Formasi);

    public static readonly string[] PesertaHeader = ImportTemplates.Header(ImportKind.Peserta);

    public static async Task<ImportFixture> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>Writes a real .xlsx with ClosedXML: the header and each row as text cells, saved to the temp folder and read back as bytes.</summary>
    public byte[] Xlsx(string name, string[] header, params string[][] rows) =>
        Xlsx(name, sheet =>
        {
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).SetValue(header[c]);
            }
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
                    sheet.Cell(r + 2, c + 1).DataType = XLDataType.Text;
                }
            }
        });

    public byte[] Xlsx(string name, Action<IXLWorksheet> fill)
    {
        var path = Path.Combine(_files.Path, name);
        using (var workbook = new XLWorkbook())
        {
            fill(workbook.Worksheets.Add("data"));
            workbook.SaveAs(path);
        }
        return File.ReadAllBytes(path);
    }

    public byte[] Csv(string name, string[] header, params string[][] rows)
    {
        var path = _files.Write(name, CsvWriting.Text(header, rows, CsvWriting.CrLf));
        return File.ReadAllBytes(path);
    }

    public Task<ImportResult> ImportAsync(ImportKind kind, byte[] content, string fileName = "unggahan") =>
        Service.ImportAsync(kind, content, fileName, "panitia-uji", "127.0.0.1", TestContext.Current.CancellationToken);

    public async Task<(int Formations, int Candidates)> CountsAsync()
    {
        await using var db = Database.Open();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Formations.CountAsync(ct), await db.Candidates.CountAsync(ct));
    }

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = Database.Open();
        return await db.AuditEntries.Where(a => a.Action.StartsWith("import.")).OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _files.Dispose();
        Database.Dispose();
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<AsnCatDb>
    {
        public AsnCatDb CreateDbContext() => database.Open();
    }
}

/// <summary>Rows that import cleanly at <see cref="TestDatabase.Start"/> (2 March 2026).</summary>
internal static class GoodRows
{
    public static readonly string[][] Formations =
    [
        ["KEMENKEU-PK-001", "Kementerian Keuangan", "Penata Kelola APBN Ahli Pertama", "Jakarta Pusat", "3", "S-1 Ekonomi"],
        ["BKN-AK-002", "Badan Kepegawaian Negara", "Analis Kepegawaian Ahli Pertama", "Kota Makassar", "1", "S-1 Psikologi"],
    ];

    public static readonly string[][] Candidates =
    [
        ["P-0001", "Siti Rahmawati", "7371014101990001", "1999-01-01", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"],
        ["P-0002", "Budi Santoso", "3174020202950002", "1995-02-02", "KEMENKEU-PK-001", "cumlaude", "", "", ""],
        ["P-0003", "Yohana Wenda", "9171030303000003", "2000-03-03", "BKN-AK-002", "Papua", "30", "ya", "1"],
        ["P-0004", "Andi Pratama", "7371040404880004", "1988-04-04", "BKN-AK-002", "daerah_tertinggal", "120", "TRUE", "false"],
    ];
}
