using AsnCat.Server.Tests.Browser;
using AsnCat.Server.Tests.Results;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>The published results page shows the distribution of totals as an SVG chart with its table (issue #16).</summary>
public sealed class ResultChartBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_public_page_of_a_formation_shows_its_totals_as_a_chart_with_the_threshold_marked()
    {
        await using var host = await PublishingFixture.StartAsync();
        var table = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!;
        var p = await host.Publisher.PublishAsync(table, "ketua", Ct);
        var totals = table.Rows.Count(r => int.TryParse(r.Cells[table.Columns.ToList().IndexOf("Total")], out _));
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } })).NewPageAsync();
            await page.GotoAsync($"{host.Url}/hasil/{p.Id}");

            var figure = page.Locator("figure.histogram");
            await Assertions.Expect(figure.Locator("svg[role=img]")).ToBeVisibleAsync();
            await Assertions.Expect(figure.Locator("figcaption")).ToContainTextAsync($"Sebaran total nilai · {ResultsFixture.FormationA} ({totals} peserta)");
            await Assertions.Expect(figure.Locator("rect.bar")).ToHaveCountAsync(23);
            await Assertions.Expect(figure.Locator("line.marker")).ToHaveCountAsync(1);
            var counted = await figure.Locator("rect.bar").EvaluateAllAsync<int>("bars => bars.reduce((n, b) => n + Number(b.dataset.count), 0)");
            Assert.Equal(totals, counted);
            await figure.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "results-chart.png") });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
