using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Results;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Final;

/// <summary>
/// The console page /konsol/skb on the real <see cref="Server.Results.SkbImport"/> and
/// <see cref="Server.Results.FinalStandings"/> over the results fixture's database: upload through
/// bUnit's <see cref="InputFile"/> support, then a formation's final table.
/// </summary>
public sealed class SkbPageTests : BunitContext, IAsyncLifetime
{
    private FinalFixture _fixture = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fixture = await FinalFixture.CreateAsync();
        Services.AddSingleton(_fixture.Import);
        Services.AddSingleton(_fixture.Final);
        Services.AddSingleton(new CircuitAddress("198.51.100.23"));
        Services.AddSingleton<IDbContextFactory<AsnCatDb>>(new TestDbFactory(_fixture.Results.Database));
        AddAuthorization().SetAuthorized("panitia-halaman").SetRoles("panitia");
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _fixture.Dispose();
    }

    [Fact]
    public async Task A_bad_file_lists_its_rows_and_a_good_one_shows_up_in_the_final_table()
    {
        var page = Render<SkbPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(_fixture.Csv("salah.csv", ["A09", "80", ""], ["A01", "80", ""]), "salah.csv"));
        page.WaitForAssertion(() => Assert.Contains("salah.csv: tidak ada yang diimpor.", page.Find("div.errors p").TextContent, StringComparison.Ordinal));
        Assert.Equal(["3", "nomor_peserta"], page.FindAll("div.errors tbody td").Take(2).Select(td => td.TextContent));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(_fixture.Xlsx("baik.xlsx", ["A09", "80", "3.5"], ["A10", "91.25", ""]), "baik.xlsx"));
        page.WaitForAssertion(() => Assert.Equal("baik.xlsx: 2 nilai SKB diimpor.", page.Find("p.notice").TextContent));
        Assert.Equal("panitia-halaman", Assert.Single((await _fixture.ScoresAsync()).Select(s => s.ImportedBy).Distinct()));

        page.Find("select#formasi").Change(ResultsFixture.FormationA);

        var expected = (await _fixture.Final.TableAsync(ResultsFixture.FormationA, Ct))!;
        page.WaitForAssertion(() => Assert.Equal(expected.Rows.Count, page.FindAll("table tbody tr").Count));
        Assert.Equal(expected.Columns, page.FindAll("table thead th").Select(th => th.TextContent));
        Assert.Equal(expected.Rows.Select(r => r.Cells.ToList()),
            page.FindAll("table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToList()));
        Assert.Contains("F-A · Analis (2 nilai SKB)", page.Find("select#formasi").TextContent, StringComparison.Ordinal);

        // both uploads, the refused and the stored, are audited with the committee member and their browser's address
        var audit = await _fixture.AuditAsync();
        Assert.Equal([SkbImport.RejectedAction, SkbImport.ImportedAction], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("panitia-halaman", "198.51.100.23"), (a.Actor, a.Address)));
    }
}
