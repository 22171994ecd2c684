using Microsoft.Playwright;

namespace AsnCat.Server.Tests.Browser;

/// <summary>Headless Debian Chromium driven by Playwright (installed by scripts/install-test-deps.sh).</summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Path), "Chromium missing: run scripts/install-test-deps.sh (./test.sh does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>Signs a candidate in at the terminal page already open in <paramref name="page"/>: participant number, PIN, submit.</summary>
    public static async Task LogInAtTerminalAsync(IPage page, string participantNumber, string pin)
    {
        await page.Locator("#participant").FillAsync(participantNumber);
        await page.Locator("#pin").FillAsync(pin);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>Where screenshots are kept as test output.</summary>
    public static string ScreenshotDir
    {
        get
        {
            var dir = System.IO.Path.Combine(TestPaths.RepoRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
