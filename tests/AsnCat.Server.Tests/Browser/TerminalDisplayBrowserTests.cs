using System.Globalization;
using System.Text.RegularExpressions;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// What a candidate sees beyond answering, in headless Chromium against the real server: a pause
/// (no question on the page, why and since when), display choices and the last question kept with
/// the attempt through a reload and a move to another terminal, and the exam on a phone.
/// </summary>
public sealed class TerminalDisplayBrowserTests
{
    private static readonly BrowserNewContextOptions Desktop = new() { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "id-ID" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_paused_candidate_sees_no_question_but_why_and_since_when_and_resumes_at_the_same_question()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        var person = (await host.SeedSessionAsync(1)).People[0];
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(Desktop)).NewPageAsync();
            await page.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await page.Locator(".strip-item").Nth(2).ClickAsync();
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 3 dari 110");
            var stem = await page.Locator(".stem").InnerTextAsync();

            Assert.True(await host.Control.PauseAttemptAsync(person.AttemptId, "pengawas1", "Komputer kursi 12 dimulai ulang"));

            await Expect(page.Locator(".paused-notice")).ToBeVisibleAsync();
            await using (var db = host.Db())
            {
                var attempt = await db.Attempts.Include(a => a.ExamSession).SingleAsync(a => a.Id == person.AttemptId, Ct);
                var zone = attempt.ExamSession!.TimeZone;
                var since = IndonesianTime.Local(attempt.PausedAt!.Value, zone).ToString("HH.mm", CultureInfo.InvariantCulture);
                await Expect(page.Locator(".pause-since")).ToHaveTextAsync($"Dijeda sejak {since} {zone}");
            }
            await Expect(page.Locator(".pause-reason")).ToHaveTextAsync("Alasan: Komputer kursi 12 dimulai ulang");
            // not an overlay: the question, its options, its navigation and the strip are not in the document
            foreach (var hidden in new[] { "#question-title", ".stem", ".option", ".question-nav", ".strip-item", "button.finish" })
            {
                Assert.Equal(0, await page.Locator(hidden).CountAsync());
            }
            Assert.DoesNotContain(stem, await page.ContentAsync(), StringComparison.Ordinal);
            // docs/paused-terminal.png is this picture (test output stays out of the tree)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "paused-terminal.png") });

            Assert.True(await host.Control.ResumeAttemptAsync(person.AttemptId, "pengawas1", "Komputer sudah normal"));

            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 3 dari 110");
            await Expect(page.Locator(".paused-notice")).ToHaveCountAsync(0);
            await Expect(page.Locator(".stem")).ToHaveTextAsync(stem);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task Display_choices_and_the_last_question_follow_the_candidate_through_a_reload_and_to_another_terminal()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        var person = (await host.SeedSessionAsync(1)).People[0];
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var first = await (await browser.NewContextAsync(Desktop)).NewPageAsync();
            await first.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(first, person.Number, person.Pin);
            await Expect(first.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");
            await first.Locator(".font-larger").ClickAsync();
            await first.Locator(".font-larger").ClickAsync();
            await first.Locator(".contrast").ClickAsync();
            await first.Locator(".strip-item").Nth(6).ClickAsync();
            await Expect(first.Locator("#question-title")).ToHaveTextAsync("Soal 7 dari 110");
            await Expect(first.Locator(".terminal")).ToHaveClassAsync(new Regex(@"\bfont-2\b.*\bhigh-contrast\b"));
            await StoredAsync(host, person.AttemptId, fontStep: 2, highContrast: true);

            await first.ReloadAsync();
            await Expect(first.Locator("#question-title")).ToHaveTextAsync("Soal 7 dari 110");
            await Expect(first.Locator(".terminal")).ToHaveClassAsync(new Regex(@"\bfont-2\b.*\bhigh-contrast\b"));

            // the proctor moves the candidate: the old terminal is released, the new one shows the exam as it was left
            Assert.True(await host.Control.ReleaseTerminalAsync(person.AttemptId, "pengawas1", "Pindah ke terminal 14"));
            await Expect(first.Locator(".released")).ToBeVisibleAsync();
            var second = await (await browser.NewContextAsync(Desktop)).NewPageAsync();
            await second.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(second, person.Number, person.Pin);
            await Expect(second.Locator("#question-title")).ToHaveTextAsync("Soal 7 dari 110");
            await Expect(second.Locator(".terminal")).ToHaveClassAsync(new Regex(@"\bfont-2\b.*\bhigh-contrast\b"));
            await Expect(second.Locator(".contrast")).ToHaveAttributeAsync("aria-pressed", "true");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task On_a_390_px_phone_the_exam_fits_the_width_and_every_control_is_reachable()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        var person = (await host.SeedSessionAsync(1)).People[0];
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var phone = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "id-ID", IsMobile = true, HasTouch = true, DeviceScaleFactor = 3,
            });
            var page = await phone.NewPageAsync();
            await page.GotoAsync(host.Url + "/");
            await Assertions.Expect(page).ToHaveTitleAsync("Masuk ujian CAT");
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the sign-in page is wider than the phone");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");

            foreach (var fontStep in new[] { 0, 3 })
            {
                if (fontStep == 3)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        await page.Locator(".font-larger").ClickAsync();
                    }
                    await Expect(page.Locator(".terminal")).ToHaveClassAsync(new Regex(@"\bfont-3\b"));
                }
                var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                Assert.True(width <= 390, $"at font step {fontStep} the exam page is {width} px wide on a 390 px phone");
                foreach (var control in new[] { ".font-smaller", ".font-larger", ".contrast", ".option[data-slot='4']", ".previous", ".doubtful-toggle", ".next", ".strip-item >> nth=109", "button.finish" })
                {
                    var box = await page.Locator(control).BoundingBoxAsync();
                    Assert.True(box is not null, $"{control} is not on the page");
                    Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{control} is off-screen at font step {fontStep}: x {box.X}, width {box.Width}");
                }
            }
            await page.Locator(".option[data-slot='4']").ClickAsync();
            await Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
            await page.Locator(".next").ClickAsync();
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 2 dari 110");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "terminal-phone.png"), FullPage = true });
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Waits (up to 10 s) until the attempt's row holds the display the page shows: the terminal saves it in the background.</summary>
    private static async Task StoredAsync(KestrelHost host, int attemptId, int fontStep, bool highContrast)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Attempt attempt;
        do
        {
            await using var db = host.Db();
            attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, Ct);
            if (attempt.FontStep == fontStep && attempt.HighContrast == highContrast && attempt.LastPosition is not null and > 0)
            {
                return;
            }
            await Task.Delay(100, Ct);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Fail($"stored display: font {attempt.FontStep}, contrast {attempt.HighContrast}, position {attempt.LastPosition}");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
