using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// Issue #16: the start typed in "Jadwalkan sesi baru" was ignored (every session started at
/// 08.00) and a start already past was accepted. A committee member schedules in Chromium and
/// sees the typed time, in the venue's zone, wherever the session's start is shown.
/// </summary>
public sealed class SchedulingBrowserTests
{
    private const string Password = "sandi-uji-yang-panjang";
    private const string Venue = "Kanreg VIII BKN Banjarmasin";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_typed_for_23_30_WITA_tomorrow_starts_then_and_shows_23_30_WITA_and_a_past_start_is_refused()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        await host.CreateStaffAsync("panitia1", "panitia", Password);
        await host.CreateStaffAsync("pengawas1", "pengawas", Password, Venue);
        var wita = TimeSpan.FromHours(8);
        var tomorrow = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(wita).Date.AddDays(1));
        var yesterday = tomorrow.AddDays(-2);
        var day = tomorrow.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

        var (playwright, browser) = await Chromium.LaunchAsync();
        IPage? page = null;
        try
        {
            var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "id-ID", TimezoneId = "Asia/Jakarta" };
            page = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            await page.GotoAsync(host.Url + "/konsol");
            await SignInAsync(page, "panitia1");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Sesi ujian");

            // a start already past: refused with a message, nothing stored
            await page.GotoAsync(host.Url + "/konsol/sesi/baru");
            await FillFormAsync(page, "SKD-BJM-LAMA", yesterday, "10:00");
            await page.Locator("button[type=submit]").ClickAsync();
            await Expect(page.Locator("[role=alert]")).ToContainTextAsync("sudah lewat");
            await Expect(page.Locator("[role=alert]")).ToContainTextAsync("WITA");
            await using (var db = host.Db())
            {
                Assert.False(await db.ExamSessions.AnyAsync(Ct));
                Assert.False(await db.BankVersions.AnyAsync(b => b.Locked, Ct));
            }

            // tomorrow at 23.30 WITA: stored as 15.30 UTC, shown as 23.30 WITA
            await FillFormAsync(page, "SKD-BJM-001", tomorrow, "23:30");
            await page.Locator("button[type=submit]").ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync("Sesi SKD-BJM-001");
            await Expect(page.Locator("main p").First).ToContainTextAsync($"mulai {Day(tomorrow)}, {day} 23.30 WITA");
            await using (var db = host.Db())
            {
                var session = await db.ExamSessions.SingleAsync(Ct);
                Assert.Equal(new DateTimeOffset(tomorrow.ToDateTime(new TimeOnly(23, 30)), wita), session.StartsAt);
                Assert.Equal((SessionState.Scheduled, "WITA"), (session.State, session.TimeZone));
            }

            await page.GotoAsync(host.Url + "/konsol");
            await Expect(page.Locator("tr", new() { HasText = "SKD-BJM-001" })).ToContainTextAsync($"{day} 23.30 WITA");

            // the proctor of the venue sees the same start on the monitor
            var proctor = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            await proctor.GotoAsync(host.Url + "/konsol");
            await SignInAsync(proctor, "pengawas1");
            await Expect(proctor.Locator("tr", new() { HasText = "SKD-BJM-001" })).ToContainTextAsync($"{day} 23.30 WITA");
            await proctor.GetByRole(AriaRole.Link, new() { Name = "Pengawasan" }).ClickAsync();
            await Expect(proctor.Locator("h1")).ToContainTextAsync("Pengawasan sesi SKD-BJM-001");
            await Expect(proctor.Locator("main")).ToContainTextAsync($"mulai {Day(tomorrow)}, {day} 23.30 WITA");
        }
        catch
        {
            if (page is not null)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "scheduling-failed.png"), FullPage = true });
            }
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task FillFormAsync(IPage page, string code, DateOnly date, string time)
    {
        await page.Locator("#code").FillAsync(code);
        await page.Locator("#venue").FillAsync(Venue);
        await page.Locator("#seats").FillAsync("20");
        await page.Locator("#date").FillAsync(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#tz").SelectOptionAsync("WITA");
        await page.Locator("#time").FillAsync(time);
    }

    private static string Day(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Sunday => "Minggu",
        DayOfWeek.Monday => "Senin",
        DayOfWeek.Tuesday => "Selasa",
        DayOfWeek.Wednesday => "Rabu",
        DayOfWeek.Thursday => "Kamis",
        DayOfWeek.Friday => "Jumat",
        _ => "Sabtu",
    };

    private static async Task SignInAsync(IPage page, string userName)
    {
        await Expect(page.Locator("#userName")).ToBeVisibleAsync();
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
