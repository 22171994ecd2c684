using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>The terminal as its own process, pointed at a remote exam server by configuration.</summary>
public sealed class TerminalTopologyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_terminal_process_talks_to_a_separate_exam_server_over_the_hub()
    {
        using var dir = new TempDir();
        using var terminalDir = new TempDir();
        using var server = await ChildProcessHost.StartAsync(dir.Path, ChildProcessHost.FreePort(), Ct, new Dictionary<string, string> { ["AsnCat__Role"] = "server" });
        var person = (await ChildProcessHost.SeedRunningSessionAsync(dir.Path, 1, "TP", Ct))[0];
        using var terminal = await ChildProcessHost.StartAsync(terminalDir.Path, ChildProcessHost.FreePort(), Ct, new Dictionary<string, string>
        {
            ["AsnCat__Role"] = "terminal",
            ["Terminal__HubUrl"] = server.Url + "/hubs/exam",
        });
        using (var http = new HttpClient())
        {
            Assert.Contains("\"role\":\"server\"", await http.GetStringAsync(new Uri(server.Url + "/health"), Ct), StringComparison.Ordinal);
            Assert.Contains("\"role\":\"terminal\"", await http.GetStringAsync(new Uri(terminal.Url + "/health"), Ct), StringComparison.Ordinal);
            // every page's browser asks both hosts for the icon: no 404 in their logs
            foreach (var host in new[] { server.Url, terminal.Url })
            {
                using var icon = await http.GetAsync(new Uri(host + "/favicon.ico"), Ct);
                Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);
                Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
            }
        }
        using (var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            // the exam server serves no terminal page: its front page is the committee console
            var front = await noRedirects.GetAsync(new Uri(server.Url + "/"), Ct);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, front.StatusCode);
            Assert.Equal("/konsol", front.Headers.Location?.OriginalString);
        }
        Assert.False(File.Exists(Path.Combine(terminalDir.Path, "asncat.db")), "a terminal process keeps no database");

        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
            await page.GotoAsync(terminal.Url + "/");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await Assertions.Expect(page.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");
            await page.Locator("button[role=radio][data-slot='3']").ClickAsync();
            await Assertions.Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        await using var db = ChildProcessHost.Open(dir.Path);
        Assert.Equal(1, await db.Answers.CountAsync(a => a.Option != null, Ct));
    }
}
