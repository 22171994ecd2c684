using System.Globalization;
using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>The public live board in headless Chromium, with a candidate answering at a terminal in a second browser context.</summary>
public sealed class LiveBoardBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_public_board_updates_live_while_a_candidate_answers_sorts_by_column_and_shows_the_final_score()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        var (sessionId, people) = await host.SeedSessionAsync(3);
        string code;
        await using (var db = host.Db())
        {
            code = await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
        }
        var person = people[1];

        var (playwright, browser) = await Chromium.LaunchAsync();
        IPage? board = null;
        try
        {
            // the public board: no login
            board = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 }, Locale = "id-ID" })).NewPageAsync();
            await board.GotoAsync($"{host.Url}/papan/sesi/{code}");
            await Expect(board.Locator("h1")).ToHaveTextAsync($"Papan nilai sesi {code}");
            var row = board.Locator($"tr[data-participant='{person.Number}']");
            await Expect(board.Locator("tbody tr")).ToHaveCountAsync(3);
            await Expect(row).ToHaveAttributeAsync("data-answered", "0");
            await Expect(row.Locator(".board-state")).ToHaveTextAsync("belum mulai");

            // a candidate at a terminal, in another browser context
            var terminal = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "id-ID" })).NewPageAsync();
            await terminal.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(terminal, person.Number, person.Pin);
            await Expect(terminal.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");
            await Expect(row.Locator(".board-state")).ToHaveTextAsync("mengerjakan");

            var exam = terminal.Locator(".exam");
            foreach (var (key, answered) in new[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) })
            {
                await exam.FocusAsync();
                await terminal.Keyboard.PressAsync(key);
                await Expect(terminal.Locator(".save-saved")).ToBeVisibleAsync();
                // the board follows without a reload
                await Expect(row).ToHaveAttributeAsync("data-answered", answered.ToString(CultureInfo.InvariantCulture));
                await terminal.Keyboard.PressAsync("ArrowRight");
            }
            await Expect(row.Locator("td.num").Nth(4)).ToHaveTextAsync("4/110");

            // sortable by any column: Terjawab descending puts the candidate first
            await board.Locator("th[data-sort-key='progres'] button").ClickAsync();
            await Expect(board.Locator("th[data-sort-key='progres']")).ToHaveAttributeAsync("aria-sort", "descending");
            await Expect(board.Locator("tbody tr").First).ToHaveAttributeAsync("data-participant", person.Number);
            await board.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "live-board.png"), FullPage = true });

            // the finish: the board shows the stored total, marked final
            await terminal.Locator("button.finish").ClickAsync();
            await terminal.Locator("button.confirm").ClickAsync();
            await Expect(terminal.Locator(".total-row")).ToBeVisibleAsync();
            await Expect(row).ToHaveAttributeAsync("data-final", "1");
            await using (var db = host.Db())
            {
                var total = await db.Attempts.Where(a => a.Id == person.AttemptId).Select(a => a.Total).SingleAsync(Ct);
                await Expect(row).ToHaveAttributeAsync("data-total", total!.Value.ToString(CultureInfo.InvariantCulture));
                await Expect(row.Locator(".board-state")).ToHaveTextAsync("selesai");
            }

            // a phone: the same board, readable; the venue's screen: big type, dark
            var phone = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, Locale = "id-ID" })).NewPageAsync();
            await phone.GotoAsync($"{host.Url}/papan/sesi/{code}");
            await Expect(phone.Locator($"tr[data-participant='{person.Number}']")).ToHaveAttributeAsync("data-final", "1");
            var screen = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } })).NewPageAsync();
            await screen.GotoAsync($"{host.Url}/papan/lokasi/Ruang uji?layar=1");
            await Expect(screen.Locator(".board-page.layar tbody tr")).ToHaveCountAsync(3);
            await screen.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "live-board-screen.png") });
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "live-board-phone.png") });

            await board.GotoAsync($"{host.Url}/papan/sesi/TIDAK-ADA");
            await Expect(board.Locator(".board-message")).ToHaveTextAsync("Sesi 'TIDAK-ADA' tidak ditemukan.");
        }
        catch
        {
            if (board is not null)
            {
                await board.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "live-board-failed.png"), FullPage = true });
            }
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
