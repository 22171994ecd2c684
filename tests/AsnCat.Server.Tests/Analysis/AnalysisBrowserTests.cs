using AsnCat.Server.Analysis;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Analysis;

/// <summary>
/// The console's analysis page in headless Chromium on the session run through the hub: the
/// committee picks the session, reads the reliability, the verdict, the chart and the flagged item,
/// opens its option bars, and retires it; a new bank version is made and the used one stays locked.
/// </summary>
[Collection(AnalysisSessions.Name)]
public sealed class AnalysisBrowserTests(AnalysisSessionFixture session)
{
    private const string Password = "sandi-uji-yang-panjang";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_committee_reads_the_analysis_opens_a_flagged_item_and_retires_it_into_a_new_bank_version()
    {
        await session.Host.CreateStaffAsync("panitia-analisis", "panitia", Password);
        var (playwright, browser) = await Chromium.LaunchAsync();
        IPage? page = null;
        try
        {
            page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "id-ID" })).NewPageAsync();
            await page.GotoAsync(session.Host.Url + AnalysisExtensions.Home);
            await Expect(page.Locator("#userName")).ToBeVisibleAsync();
            await page.Locator("#userName").FillAsync("panitia-analisis");
            await page.Locator("#password").FillAsync(Password);
            await page.Locator("button[type=submit]").ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Analisis butir");

            // pick the session and open its analysis
            await page.Locator($"#pilih-{session.SessionId}").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Analisis sesi terpilih (1)" }).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync("Analisis butir · sesi S-");
            await Expect(page.Locator("#subtests tbody tr")).ToHaveCountAsync(3);
            await Expect(page.Locator("#subtests")).ToContainTextAsync("KR-20");
            await Expect(page.Locator("#subtests")).ToContainTextAsync("alpha Cronbach");
            await Expect(page.Locator("#verdict")).ToContainTextAsync("etara");
            await Expect(page.Locator("#scatter svg circle").First).ToBeVisibleAsync();
            var planted = page.Locator($"tr[data-item='{session.Planted.Item}']");
            await Expect(planted.Locator("[data-flag='kunci_mungkin_salah']")).ToHaveTextAsync("kunci mungkin salah");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("item-analysis.png"), FullPage = false });
            await page.Locator("#scatter").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("item-analysis-scatter.png") });

            // the item's option bars and their table; then it is retired with a reason
            await planted.GetByRole(AriaRole.Button, new() { Name = "Rincian" }).ClickAsync();
            var panel = page.Locator($"#panel-{session.Planted.Item}");
            await Expect(panel.Locator("svg rect title").First).ToBeAttachedAsync();
            await Expect(panel.Locator("table.options tbody tr")).ToHaveCountAsync(6);
            await Expect(panel).ToContainTextAsync($"kelompok atas lebih sering memilih {session.Planted.Distractor} daripada kunci {session.Planted.Key}");
            await panel.ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("item-analysis-options.png") });
            await panel.GetByRole(AriaRole.Button, new() { Name = "Pensiunkan butir" }).ClickAsync();
            await page.Locator("#reason-text").FillAsync("kunci mungkin salah; diganti soal baru");
            await page.GetByRole(AriaRole.Button, new() { Name = "Pensiunkan (versi bank baru)" }).ClickAsync();
            await Expect(page.Locator(".notice")).ToContainTextAsync($"Butir {session.Planted.Item} dipensiunkan: versi bank baru");
            await Expect(page.Locator(".notice")).ToContainTextAsync($"Versi {session.BankVersionId} yang dipakai sesi ini tetap terkunci");

            // a TKP item: its options by weight and the distribution of the chosen weights
            await page.Locator("#only-flagged").UncheckAsync();
            await Expect(page.Locator("#items tbody tr[data-item]:not(.flagged)").First).ToBeVisibleAsync();
            var tkp = page.Locator("tr[data-item^='TKP-']").First;
            await tkp.GetByRole(AriaRole.Button, new() { Name = "Rincian" }).ClickAsync();
            await Expect(page.Locator("[id^='weights-TKP-']")).ToContainTextAsync("Sebaran bobot terpilih: bobot 5 ");
            await Expect(page.Locator(".item-panel table.options th").Nth(1)).ToHaveTextAsync("Bobot");

            await using var db = session.Host.Db();
            var newest = await db.BankVersions.Where(v => v.Code == db.BankVersions.Single(x => x.Id == session.BankVersionId).Code).MaxAsync(v => v.Id, Ct);
            Assert.NotEqual(session.BankVersionId, newest);
            Assert.False(await db.BankItems.AnyAsync(i => i.BankVersionId == newest && i.ItemId == session.Planted.Item, Ct));
            Assert.True(await db.BankItems.AnyAsync(i => i.BankVersionId == session.BankVersionId && i.ItemId == session.Planted.Item, Ct));
            Assert.True(await db.BankVersions.Where(v => v.Id == session.BankVersionId).Select(v => v.Locked).SingleAsync(Ct));
            var audit = await db.AuditEntries.Where(a => a.Action == AuditActions.Bank.ItemRetired && a.Actor == "panitia-analisis").SingleAsync(Ct);
            Assert.Contains("diganti soal baru", audit.Details, StringComparison.Ordinal);
        }
        catch
        {
            if (page is not null)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("item-analysis-failed.png"), FullPage = true });
                await File.WriteAllTextAsync(Shot("item-analysis-failed.html"), await page.ContentAsync(), Ct);
            }
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotDir, name);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
