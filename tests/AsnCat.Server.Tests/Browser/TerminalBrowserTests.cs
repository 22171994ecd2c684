using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using AsnCat.Server.Data;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>A candidate at the terminal, in headless Chromium against the real server process.</summary>
public sealed class TerminalBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_candidate_logs_in_answers_by_click_and_keyboard_reloads_and_finishes()
    {
        using var dir = new TempDir();
        using var server = await ChildProcessHost.StartAsync(dir.Path, ChildProcessHost.FreePort(), Ct);
        var person = (await ChildProcessHost.SeedRunningSessionAsync(dir.Path, 1, "BR", Ct))[0];
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "id-ID" });
            var page = await context.NewPageAsync();
            await page.GotoAsync(server.Url + "/");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");

            // by click
            await page.Locator("button[role=radio][data-slot='1']").ClickAsync();
            await Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
            await Expect(page.Locator("button[role=radio][data-slot='1']")).ToHaveAttributeAsync("aria-checked", "true");

            // by keyboard: next question, answer C, mark doubtful, next again, answer E
            var exam = page.Locator(".exam");
            await exam.FocusAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 2 dari 110");
            await page.Keyboard.PressAsync("c");
            await Expect(page.Locator("button[role=radio][data-slot='2']")).ToHaveAttributeAsync("aria-checked", "true");
            await page.Keyboard.PressAsync("r");
            await Expect(page.Locator(".doubtful-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
            await page.Keyboard.PressAsync("n");
            await page.Keyboard.PressAsync("e");
            await Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "terminal-exam.png") });

            var before = Seconds(await page.Locator(".countdown-value").InnerTextAsync());
            await page.ReloadAsync();
            await Expect(page.Locator("#question-title")).ToBeVisibleAsync();
            var strip = page.Locator(".strip-item");
            await Expect(strip.Nth(0)).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("^Soal 1, dijawab B"));
            await Expect(strip.Nth(1)).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("^Soal 2, dijawab C, ragu-ragu"));
            await Expect(strip.Nth(2)).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("^Soal 3, dijawab E"));
            var after = Seconds(await page.Locator(".countdown-value").InnerTextAsync());
            Assert.InRange(after, before - 30, before);
            Assert.InRange(after, 99 * 60 - 60, 100 * 60);

            await page.Locator("button.finish").ClickAsync();
            await Expect(page.Locator("#finish-text")).ToContainTextAsync("107");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "terminal-finish.png") });
            await page.Locator("button.confirm").ClickAsync();
            await Expect(page.Locator(".total-row")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Chromium.ScreenshotDir, "terminal-result.png") });

            await using var db = ChildProcessHost.Open(dir.Path);
            var attempt = await db.Attempts.SingleAsync(a => a.Candidate!.ParticipantNumber == person.Number, Ct);
            Assert.Equal(3, await db.Answers.CountAsync(a => a.AttemptId == attempt.Id && a.Option != null, Ct));
            Assert.Equal(attempt.Total!.Value.ToString(CultureInfo.InvariantCulture), (await page.Locator(".total-row td").First.InnerTextAsync()).Trim());
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task The_audit_names_the_candidates_browser_not_the_loopback_its_terminal_circuit_calls_from()
    {
        // the browser reaches the server on this machine's network address, as a venue PC would
        var lan = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        // without one the test cannot tell the browser's address from loopback: it fails rather than skips
        Assert.True(lan is not null, "this machine has no network address other than loopback; the test needs one (as a venue PC reaches the server over the LAN)");
        using var dir = new TempDir();
        var port = ChildProcessHost.FreePort();
        using var server = await ChildProcessHost.StartAsync(dir.Path, port, Ct, everyInterface: true);
        var person = (await ChildProcessHost.SeedRunningSessionAsync(dir.Path, 1, "IP", Ct))[0];
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "id-ID" })).NewPageAsync();
            await page.GotoAsync($"http://{lan}:{port}/");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");

            await using var db = ChildProcessHost.Open(dir.Path);
            var login = await db.AuditEntries.SingleAsync(a => a.Action == "login.ok", Ct);
            Assert.Equal(lan.ToString(), login.Address);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static int Seconds(string hhmmss)
    {
        var parts = hhmmss.Trim().Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0] * 3600) + (parts[1] * 60) + parts[2];
    }
}
