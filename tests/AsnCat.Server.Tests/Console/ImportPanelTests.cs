using AsnCat.Server.Console;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Imports;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// The upload panel on the real <see cref="ImportService"/> over a migrated SQLite file
/// (<see cref="ImportFixture"/>): files are real .xlsx workbooks written with ClosedXML and sent
/// through bUnit's <see cref="InputFile"/> support. All or nothing, with the problems per row.
/// </summary>
public sealed class ImportPanelTests : BunitContext, IAsyncLifetime
{
    private ImportFixture _fixture = null!;
    private int _imported;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fixture = await ImportFixture.CreateAsync();
        Services.AddSingleton(_fixture.Service);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _fixture.Dispose();
    }

    private IRenderedComponent<ImportPanel> RenderPanel(ImportKind kind) =>
        Render<ImportPanel>(p => p.Add(x => x.Kind, kind).Add(x => x.Actor, "panitia1").Add(x => x.OnImported, () => _imported++));

    private static void Upload(IRenderedComponent<ImportPanel> panel, byte[] content, string name) =>
        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name));

    [Fact]
    public async Task A_bad_workbook_shows_each_problem_with_its_row_and_column_and_stores_nothing()
    {
        Assert.True((await _fixture.ImportAsync(ImportKind.Formasi, _fixture.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Succeeded);
        var bad = _fixture.Xlsx("peserta-salah.xlsx", ImportFixture.PesertaHeader,
            GoodRows.Candidates[0],
            ["P-0001", "Budi Santoso", "3174020202950002", "1995-02-02", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"],
            ["P-0003", "Yohana Wenda", "12345", "2000-03-03", "TIDAK-ADA", "umum", "0", "tidak", "tidak"]);
        var panel = RenderPanel(ImportKind.Peserta);

        Upload(panel, bad, "peserta-salah.xlsx");

        panel.WaitForAssertion(() => panel.Find("div.errors[role=alert]"));
        Assert.Contains("peserta-salah.xlsx: tidak ada yang diimpor.", panel.Find("div.errors p").TextContent, StringComparison.Ordinal);
        var problems = panel.FindAll("div.errors tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToArray())
            .Select(td => (Row: int.Parse(td[0], System.Globalization.CultureInfo.InvariantCulture), Column: td[1], Message: td[2]))
            .ToList();
        // the workbook's own row numbers: header is row 1, so the duplicate is row 3 and the last row is 4
        Assert.Contains(problems, p => p is { Row: 3, Column: "nomor_peserta" });
        Assert.Contains(problems, p => p is { Row: 4, Column: "nik" });
        Assert.Contains(problems, p => p is { Row: 4, Column: "kode_formasi" });
        Assert.DoesNotContain(problems, p => p.Row == 2);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Empty(panel.FindAll(".notice"));
        Assert.Equal(0, _imported);
        Assert.Equal((2, 0), await _fixture.CountsAsync());
    }

    [Fact]
    public async Task A_good_workbook_shows_the_notice_stores_every_row_and_tells_the_page()
    {
        Assert.True((await _fixture.ImportAsync(ImportKind.Formasi, _fixture.Csv("formasi.csv", ImportFixture.FormasiHeader, GoodRows.Formations))).Succeeded);
        var good = _fixture.Xlsx("peserta.xlsx", ImportFixture.PesertaHeader, GoodRows.Candidates);
        var panel = RenderPanel(ImportKind.Peserta);

        Upload(panel, good, "peserta.xlsx");

        panel.WaitForAssertion(() => Assert.Equal("peserta.xlsx: 4 peserta diimpor.", panel.Find(".notice").TextContent));
        Assert.Empty(panel.FindAll("[role=alert]"));
        Assert.Equal(1, _imported);
        await using var db = _fixture.Database.Open();
        Assert.Equal(["P-0001", "P-0002", "P-0003", "P-0004"], await db.Candidates.OrderBy(c => c.ParticipantNumber).Select(c => c.ParticipantNumber).ToListAsync(Ct));
        var audit = (await _fixture.AuditAsync())[^1];
        Assert.Equal(("import.candidates", "panitia1"), (audit.Action, audit.Actor));
    }

    [Fact]
    public async Task A_formation_workbook_imports_through_the_formasi_panel()
    {
        var panel = RenderPanel(ImportKind.Formasi);
        Assert.Equal(["/api/imports/templates/formasi.xlsx", "/api/imports/templates/formasi.csv"], panel.FindAll("a[download]").Select(a => a.GetAttribute("href")));

        Upload(panel, _fixture.Xlsx("formasi.xlsx", ImportFixture.FormasiHeader, GoodRows.Formations), "formasi.xlsx");

        panel.WaitForAssertion(() => Assert.Equal("formasi.xlsx: 2 formasi diimpor.", panel.Find(".notice").TextContent));
        Assert.Equal(1, _imported);
        Assert.Equal((2, 0), await _fixture.CountsAsync());
    }

    [Fact]
    public async Task A_file_over_10_MB_is_refused_before_it_is_read()
    {
        var panel = RenderPanel(ImportKind.Peserta);

        Upload(panel, new byte[ImportPanel.MaxFileBytes + 1], "besar.xlsx");

        panel.WaitForAssertion(() => Assert.Equal("besar.xlsx: berkas 10.1 MB melebihi batas 10 MB. Bagi menjadi beberapa berkas.", panel.Find("[role=alert]").TextContent));
        Assert.Equal(0, _imported);
        Assert.Equal((0, 0), await _fixture.CountsAsync());
    }
}
