using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// The acceptance audit (#16): axe-core 4.14 with every rule it runs by default (WCAG 2.0/2.1 A
/// and AA and best practices) finds nothing, of any impact, on every kind of page AsnCat serves.
/// A new page kind is one line in <see cref="PageKinds"/> and one case in <see cref="OpenAsync"/>;
/// a new console menu entry that is not audited fails <see cref="Every_page_of_the_console_menu_is_audited"/>.
/// </summary>
public sealed class AccessibilityTests(AccessibilityFixture site) : IClassFixture<AccessibilityFixture>
{
    /// <summary>The console pages an admin reaches from the console's menu (and the pages inside them).</summary>
    private static readonly string[] ConsoleMenu =
        ["/konsol", "/hasil", "/konsol/formasi", "/konsol/peserta", "/konsol/bank", "/konsol/analisis", "/konsol/skb", "/konsol/publikasi", "/konsol/audit", "/konsol/staf", "/konsol/api", "/staf"];

    public static TheoryData<string> PageKinds =>
    [
        "terminal sign-in", "waiting room", "exam", "exam, large font and high contrast", "exam, paused", "exam, finish dialog", "result",
        "staff sign-in", "staff password", "staff home",
        .. ConsoleMenu.Where(path => path.StartsWith("/konsol", StringComparison.Ordinal)),
        "new session", "session", "session, PIN list and slips", "proctor monitor", "item analysis of a session",
        "live board", "live board, big screen", "venue live board",
        "results index", "publication", "verification", "unknown participant",
    ];

    [Theory]
    [MemberData(nameof(PageKinds))]
    public async Task The_page_has_no_accessibility_violations(string kind)
    {
        var page = await OpenAsync(kind);
        try
        {
            var result = await page.RunAxe();
            Assert.True(result.Violations.Length == 0, Describe(kind, page.Url, result.Violations));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_icon_every_browser_asks_for_is_served()
    {
        using var http = site.Host.Anonymous();
        using var icon = await http.GetAsync(new Uri("/favicon.ico", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);   // it was a 404 on every page
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_page_of_the_console_menu_is_audited()
    {
        var page = await site.AdminContext.NewPageAsync();
        await page.GotoAsync(site.Host.Url + "/konsol");
        await Assertions.Expect(page.Locator("nav[aria-label='Menu konsol'] a").First).ToBeVisibleAsync();
        var links = await page.Locator(".console-bar a").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)");
        await page.CloseAsync();
        Assert.NotEmpty(links);
        Assert.All(links, path => Assert.Contains(path, ConsoleMenu));
    }

    /// <summary>A fresh page showing <paramref name="kind"/>, once its content has rendered (Blazor pages: once the circuit drew it).</summary>
    private async Task<IPage> OpenAsync(string kind)
    {
        var url = site.Host.Url;
        switch (kind)
        {
            case "terminal sign-in":
                return await TerminalAsync("/", "#participant");
            case "waiting room":
                return await SignedInTerminalAsync(site.Waiting, ".waiting h1");
            case "exam":
            {
                // an answered, a doubtful and the current item in the strip
                var page = await SignedInTerminalAsync(site.Running[0], "#question-title");
                await page.Locator("button[role=radio][data-slot='1']").ClickAsync();
                await Assertions.Expect(page.Locator(".save-saved")).ToBeVisibleAsync();
                await page.Locator(".next").ClickAsync();
                await page.Locator(".doubtful-toggle").ClickAsync();
                await Assertions.Expect(page.Locator(".strip-doubtful")).ToHaveCountAsync(1);
                return page;
            }
            case "exam, large font and high contrast":
            {
                var page = await SignedInTerminalAsync(site.Running[1], "#question-title");
                await page.Locator(".font-larger").ClickAsync();
                await page.Locator(".font-larger").ClickAsync();
                await page.Locator(".contrast").ClickAsync();
                await Assertions.Expect(page.Locator(".terminal.font-2.high-contrast")).ToBeVisibleAsync();
                return page;
            }
            case "exam, paused":
            {
                var page = await SignedInTerminalAsync(site.Running[2], "#question-title");
                await site.Host.Control.PauseAttemptAsync(site.Running[2].AttemptId, "pengawas1", "Komputer kursi 3 dimulai ulang");
                await Assertions.Expect(page.Locator(".pause-reason")).ToBeVisibleAsync();
                return page;
            }
            case "exam, finish dialog":
            {
                var page = await SignedInTerminalAsync(site.Running[3], "#question-title");
                await page.Locator("button.finish").ClickAsync();
                await Assertions.Expect(page.Locator("#finish-text")).ToBeVisibleAsync();
                return page;
            }
            case "result":
            {
                var page = await SignedInTerminalAsync(site.Running[4], "#question-title");
                await page.Locator("button.finish").ClickAsync();
                await page.Locator("button.confirm").ClickAsync();
                await Assertions.Expect(page.Locator(".total-row")).ToBeVisibleAsync();
                return page;
            }
            case "staff sign-in":
                return await TerminalAsync("/staf/masuk", "#userName");
            case "staff password":
                return await AdminAsync("/staf/ganti-sandi", "form");
            case "staff home":
                return await AdminAsync("/staf", "h1");
            case "new session":
                return await AdminAsync("/konsol/sesi/baru", "#code");
            case "session":
                return await AdminAsync($"/konsol/sesi/{site.RunningSessionId}", "h1 .badge");
            case "session, PIN list and slips":
            {
                var page = await AdminAsync($"/konsol/sesi/{site.SlipsSessionId}", "h1 .badge");
                await page.GetByRole(AriaRole.Button, new() { Name = "Terbitkan PIN (registrasi)" }).ClickAsync();
                await Assertions.Expect(page.Locator("article.slip")).ToHaveCountAsync(2);
                return page;
            }
            case "proctor monitor":
                return await AdminAsync($"/konsol/sesi/{site.RunningSessionId}/pengawasan", "article.seat");
            case "item analysis of a session":
                return await AdminAsync($"/konsol/analisis/sesi/{site.EndedSessionId}", "h1");
            case "live board":
                return await TerminalAsync($"/papan/sesi/{site.RunningSessionCode}", "table");
            case "live board, big screen":
                return await TerminalAsync($"/papan/sesi/{site.RunningSessionCode}?layar=1", "table");
            case "venue live board":
                return await TerminalAsync($"/papan/lokasi/{Uri.EscapeDataString(site.Venue)}", "table");
            case "results index":
                return await TerminalAsync("/hasil", "h1");
            case "publication":
                return await TerminalAsync($"/hasil/{site.PublicationId}", "table");
            case "verification":
                return await TerminalAsync($"/hasil/verifikasi/{site.PublicationId}/{site.PublishedParticipant}", "h1");
            case "/konsol/api":
                // the API reference is a plain page of its own (no circuit, no console frame)
                return await AdminAsync("/konsol/api", "main h1");
            case "unknown participant":
                return await TerminalAsync($"/hasil/verifikasi/{site.PublicationId}/0000-TIDAK-ADA", "h1");
            case var path when path.StartsWith("/konsol", StringComparison.Ordinal):
                return await AdminAsync(path, ".console-main h1");
            default:
                throw new ArgumentException($"no way to open page kind '{kind}'", nameof(kind));
        }

        async Task<IPage> TerminalAsync(string path, string ready)
        {
            var page = await (await site.Browser.NewContextAsync(AccessibilityFixture.Desktop)).NewPageAsync();
            await page.GotoAsync(url + path);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            return page;
        }

        async Task<IPage> SignedInTerminalAsync((string Number, string Pin, int AttemptId) person, string ready)
        {
            var page = await TerminalAsync("/", "#participant");
            await Chromium.LogInAtTerminalAsync(page, person.Number, person.Pin);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            return page;
        }

        async Task<IPage> AdminAsync(string path, string ready)
        {
            // a context of its own with the admin's cookies: closing it after the audit leaves the shared one
            var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions(AccessibilityFixture.Desktop) { StorageState = await site.AdminContext.StorageStateAsync() });
            var page = await context.NewPageAsync();
            await page.GotoAsync(url + path);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            return page;
        }
    }

    private static string Describe(string kind, string url, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"{violations.Length} axe violation(s) on '{kind}' ({url}):");
        foreach (var violation in violations)
        {
            foreach (var node in violation.Nodes)
            {
                text.Append($"\n  {violation.Id} [{violation.Impact}] at {node.Target}: {violation.Help}\n    {node.Html}");
            }
        }
        return text.ToString();
    }
}
