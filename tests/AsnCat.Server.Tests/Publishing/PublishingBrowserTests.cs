using AsnCat.Server.Data;
using AsnCat.Server.Tests.Browser;
using AsnCat.Server.Tests.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>The committee publishes from the console in headless Chromium; the public page shows what was published.</summary>
public sealed class PublishingBrowserTests
{
    [Fact]
    public async Task The_committee_publishes_a_formation_after_confirming_and_the_public_page_shows_it()
    {
        await using var host = await PublishingFixture.StartAsync();
        await host.StaffAsync("panitia1", "panitia");
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } })).NewPageAsync();
            await page.GotoAsync(host.Url + "/konsol/publikasi");
            await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync();
            await page.Locator("#userName").FillAsync("panitia1");
            await page.Locator("#password").FillAsync(PublishingFixture.Password);
            await page.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Publikasi hasil");

            // both ended sessions and both formations are offered
            await Assertions.Expect(page.Locator("#sesi tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#formasi tbody tr")).ToHaveCountAsync(2);
            var row = page.Locator("#formasi tbody tr", new() { HasText = ResultsFixture.FormationA });
            await row.GetByRole(AriaRole.Button, new() { Name = "Publikasikan", Exact = true }).ClickAsync();
            var dialog = page.Locator("[role=dialog]");
            await Assertions.Expect(dialog).ToContainTextAsync("versi 1");
            await using (var db = host.Db())
            {
                Assert.Equal(0, await db.Publications.CountAsync(TestContext.Current.CancellationToken));   // nothing before the confirmation
            }
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Ya, publikasikan" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("terbit sebagai versi 1");
            var link = row.GetByRole(AriaRole.Link, new() { Name = "versi 1" });
            await Assertions.Expect(link).ToBeVisibleAsync();

            await using (var db = host.Db())
            {
                var p = await db.Publications.SingleAsync(TestContext.Current.CancellationToken);
                Assert.Equal(("formasi", "F-A", 1, "panitia1"), (p.Kind, p.Subject, p.Version, p.PublishedBy));
                var pub = await (await browser.NewContextAsync()).NewPageAsync();
                await pub.GotoAsync($"{host.Url}/hasil/{p.Id}");
                await Assertions.Expect(pub.Locator("#rows-sha256")).ToHaveTextAsync(p.RowsSha256);
                await Assertions.Expect(pub.Locator("#hasil tbody tr")).ToHaveCountAsync(host.Fixture.People.Count(x => x.Formation == "F-A"));
                await pub.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "public-results.png"), FullPage = true });
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "console-publish.png"), FullPage = true });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
