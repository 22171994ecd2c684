using System.Globalization;
using AngleSharp.Dom;
using AsnCat.Server.Analysis;
using AsnCat.Server.Data;
using AsnCat.Server.Network;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Analysis;

/// <summary>
/// The console's analysis page (/konsol/analisis/sesi/{id}) on the shared analysed session: an item
/// retired and another revised from their panels are audited with the committee member and the
/// address their browser's circuit was opened from. Neither is the planted item (the browser test
/// retires that one) nor an item <see cref="SessionAnalysisTests"/> changes.
/// </summary>
[Collection(AnalysisSessions.Name)]
public sealed class AnalysisPageAuditTests : BunitContext
{
    private const string Address = "198.51.100.23";

    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);

    private readonly AnalysisSessionFixture _session;

    public AnalysisPageAuditTests(AnalysisSessionFixture session)
    {
        _session = session;
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddSingleton(session.Host.Services.GetRequiredService<SessionAnalysis>());
        Services.AddSingleton(session.Host.Services.GetRequiredService<ItemLifecycle>());
        Services.AddSingleton(new CircuitAddress(Address));
        AddAuthorization().SetAuthorized("panitia-butir").SetRoles("panitia");
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retiring_and_revising_an_item_on_the_analysis_page_are_audited_with_the_committee_member_and_their_browser_address()
    {
        var page = Render<AnalysisPage>(p => p.Add(x => x.Ids, _session.SessionId.ToString(CultureInfo.InvariantCulture)));
        page.WaitForElement("#only-flagged", Slow).Change(false);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("#items tr[data-item]"), tr => tr.GetAttribute("data-item")!.StartsWith("TKP-", StringComparison.Ordinal)));
        var shown = page.FindAll("#items tr[data-item]").Select(tr => tr.GetAttribute("data-item")!).ToList();
        var retire = shown.Last(id => id.StartsWith("TKP-", StringComparison.Ordinal));
        var revise = shown.Last(id => id.StartsWith("TWK-", StringComparison.Ordinal) && id != _session.Planted.Item);

        Details(page, retire);
        PanelButton(page, retire, "Pensiunkan butir").Click();
        page.WaitForElement(".reason-panel #reason-text").Input("daya beda rendah, diganti soal baru");
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.StartsWith($"Butir {retire} dipensiunkan", page.Find("p.notice").TextContent, StringComparison.Ordinal), Slow);

        Details(page, revise);
        PanelButton(page, revise, "Revisi butir").Click();
        page.WaitForElement("#revise-stem").Change("Teks soal ini ditulis ulang setelah analisis butir.");
        page.Find("#revise-reason").Change("ejaan soal diperbaiki setelah analisis");
        page.WaitForElements("button").Single(b => b.TextContent == "Simpan sebagai versi bank baru").Click();
        page.WaitForAssertion(() => Assert.StartsWith($"Butir {revise} direvisi", page.Find("p.notice").TextContent, StringComparison.Ordinal), Slow);

        await using var db = _session.Host.Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == "panitia-butir").OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Bank.ItemRetired, AuditActions.Bank.ItemRevised], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(Address, e.Address));
    }

    private static void Details(IRenderedComponent<AnalysisPage> page, string item) =>
        page.Find($"#items tr[data-item='{item}']").QuerySelectorAll("button").Single(b => b.TextContent == "Rincian").Click();

    private static IElement PanelButton(IRenderedComponent<AnalysisPage> page, string item, string text) =>
        page.WaitForElement($"#panel-{item}").QuerySelectorAll("button").Single(b => b.TextContent == text);
}
