using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Banks;

/// <summary>
/// <c>POST /api/banks/import</c> (QTI, Moodle XML, Excel) and the template download on a bare host:
/// the same store path as a bank .zip, a per-item report when items cannot be kept, nothing stored on refusal.
/// </summary>
public sealed class BankImportApiTests : IAsyncDisposable
{
    private static readonly Uri Import = new("/api/banks/import", UriKind.Relative);

    private static readonly Uri Check = new("/api/banks/import/validate", UriKind.Relative);

    private static readonly RulesCatalog Rules = new(TestPaths.QuestionBanks);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDir _temp = new();

    private TestDatabase? _database;

    private InProcessHost? _app;

    private async Task<HttpClient> StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = await InProcessHost.StartFeatureAsync(s =>
        {
            var factory = new TestDbFactory(_database);
            s.AddSingleton<IDbContextFactory<AsnCatDb>>(factory);
            s.AddSingleton(new BankUpload(factory, Rules, _database.Time, NullLogger<BankUpload>.Instance) { TempRoot = _temp.Path });
        }, a => a.MapBanksApi(), antiforgery: true);
        var client = _app.Client();
        client.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, "ketua");
        await InProcessHost.WithAntiforgeryAsync(client);
        return client;
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, string from, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name }, { new StringContent(from), "from" } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        return form;
    }

    private byte[] Exported(TargetFormat format, string name)
    {
        var path = Path.Combine(_temp.Path, "..", $"{Guid.NewGuid():N}-{name}");
        Assert.Empty(BankInterchange.Export(format, TestPaths.SampleBank, path, Rules).Errors);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    [Theory]
    [InlineData(TargetFormat.Qti3, "skd.zip", "qti")]
    [InlineData(TargetFormat.Moodle, "skd.xml", "moodle")]
    public async Task The_sample_bank_exported_and_uploaded_is_stored_as_the_version_with_its_normal_hash(TargetFormat format, string name, string from)
    {
        var client = await StartAsync();
        var normal = BankInterchange.NormalHash(BankLoader.Load(TestPaths.SampleBank, Rules.Blueprint).Bank!);

        var response = await client.PostAsync(Import, Form(Exported(format, name), name, from), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((normal, 241), (body.RootElement.GetProperty("hash").GetString(), body.RootElement.GetProperty("itemCount").GetInt32()));
        await using var db = _database!.Open();
        Assert.Equal(normal, (await db.BankVersions.SingleAsync(Ct)).Hash);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task A_moodle_export_answers_422_with_one_line_per_unsupported_question_and_stores_nothing()
    {
        var client = await StartAsync();
        var fixture = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepoRoot, "tests", "AsnCat.Tool.Tests", "Fixtures", "Moodle", "latihan-skd.xml"), Ct);

        var response = await client.PostAsync(Check, Form(fixture, "moodle.xml", "moodle", ("subtest", "TWK")), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var unsupported = body.RootElement.GetProperty("unsupported").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(5, unsupported.Count);
        Assert.StartsWith("Isian rumpang dengan gambar: jenis soal Moodle 'cloze'", unsupported[0], StringComparison.Ordinal);
        Assert.StartsWith("Nilai sila kedua (jawaban ganda): pilihan ganda dengan lebih dari satu jawaban benar (single=false)", unsupported[1], StringComparison.Ordinal);
        Assert.StartsWith("Menyimak pengumuman: tautan ke '@@PLUGINFILE@@/pengumuman.mp3'", unsupported[2], StringComparison.Ordinal);
        // the subtest mapping is taken; the subtopic and the difficulty are still missing
        Assert.StartsWith("Menghitung-persegi: subtopik tidak disebut sumber; isi pemetaan subtopik (--subtopic), subtes TWK", unsupported[3], StringComparison.Ordinal);
        Assert.StartsWith("Ibu-kota-Kalimantan-Utara: subtopik tidak disebut sumber", unsupported[4], StringComparison.Ordinal);
        Assert.EndsWith("4 opsi; bank memakai tepat 5 opsi (A-E)", unsupported[4], StringComparison.Ordinal);
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
    }

    [Fact]
    public async Task A_moodle_file_with_an_external_entity_is_refused_by_name_and_audited()
    {
        var client = await StartAsync();
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE quiz [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><quiz><question type=\"multichoice\"><name><text>&x;</text></name></question></quiz>"u8.ToArray();

        var response = await client.PostAsync(Import, Form(xxe, "xxe.xml", "moodle"), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(SafeXml.DtdRefused, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var db = _database!.Open();
        Assert.Equal(0, await db.BankVersions.CountAsync(Ct));
        Assert.Equal(AuditActions.Bank.Rejected, (await db.AuditEntries.SingleAsync(Ct)).Action);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task An_unknown_format_answers_400()
    {
        var client = await StartAsync();
        var response = await client.PostAsync(Import, Form([1, 2, 3], "x.bin", "word"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_template_is_an_xlsx_with_indonesian_headers_one_example_row_and_the_instruction_sheet()
    {
        var client = await StartAsync();

        var response = await client.GetAsync(new Uri("/api/banks/templat.xlsx", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxLayout.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var sheet = workbook.Worksheet(XlsxLayout.ItemsSheet);
        Assert.Equal(["Nomor", "ID Soal", "Subtes", "Subtopik", "Tingkat Kesulitan", "Soal"], Enumerable.Range(1, 6).Select(c => sheet.Cell(1, c).GetString()));
        Assert.Equal(2, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal("TWK", sheet.Cell(2, 3).GetString());
        Assert.Equal(XlsxLayout.Columns.Count + 1, workbook.Worksheet(XlsxLayout.HelpSheet).Column(1).CellsUsed().Count() - XlsxLayout.Notes.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _database?.Dispose();
        _temp.Dispose();
    }
}
