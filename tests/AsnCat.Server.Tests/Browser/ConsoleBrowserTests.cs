using System.Text.RegularExpressions;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Imports;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// The committee console and the proctor monitor in headless Chromium against the real server,
/// with a candidate at a terminal in a second browser context.
/// </summary>
public sealed partial class ConsoleBrowserTests
{
    private const string Password = "sandi-uji-yang-panjang";
    private const string Venue = "Kanreg V BKN Jakarta";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Committee_schedules_imports_and_issues_PINs_the_proctor_watches_live_and_granted_time_reaches_the_countdown()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        await host.CreateStaffAsync("panitia1", "panitia", Password);
        await host.CreateStaffAsync("pengawas1", "pengawas", Password, Venue);
        var formasi = Xlsx(dir, "formasi.xlsx", ImportTemplates.Header(ImportKind.Formasi),
            ["KEMENKEU-PK-001", "Kementerian Keuangan", "Penata Kelola APBN Ahli Pertama", "Jakarta Pusat", "2", "S-1 Ekonomi"]);
        var peserta = Xlsx(dir, "peserta.xlsx", ImportTemplates.Header(ImportKind.Peserta),
            ["2026-JKT-0001", "Siti Rahmawati", "7371014101990001", "1999-01-01", "KEMENKEU-PK-001", "umum", "0", "tidak", "tidak"],
            ["2026-JKT-0002", "Budi Santoso", "3174020202950002", "1995-02-02", "KEMENKEU-PK-001", "cumlaude", "", "", ""],
            ["2026-JKT-0003", "Yohana Wenda", "9171030303000003", "2000-03-03", "KEMENKEU-PK-001", "papua", "30", "ya", "tidak"]);

        var (playwright, browser) = await Chromium.LaunchAsync();
        var pages = new List<IPage>();
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "id-ID" };

            // the committee signs in and is taken back to the console
            var committee = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            pages.Add(committee);
            committee.Console += (_, m) => console.Enqueue("committee: " + m.Text);
            await committee.GotoAsync(host.Url + "/konsol");
            await SignInAsync(committee, "panitia1");
            await Expect(committee.Locator("h1")).ToHaveTextAsync("Sesi ujian");

            // formations, then candidates, from .xlsx files
            await committee.GotoAsync(host.Url + "/konsol/formasi");
            await UploadAsync(committee, "#import-formasi", formasi);
            await Expect(committee.Locator(".notice")).ToContainTextAsync("1 formasi diimpor");
            await committee.GotoAsync(host.Url + "/konsol/peserta");
            await UploadAsync(committee, "#import-peserta", peserta);
            await Expect(committee.Locator(".notice")).ToContainTextAsync("3 peserta diimpor");
            await Expect(committee.Locator("td", new() { HasText = "7371••••••••••01" })).ToBeVisibleAsync();

            // a session at the proctor's venue, all candidates of the formation, PINs at check-in
            await committee.GotoAsync(host.Url + "/konsol/sesi/baru");
            await committee.Locator("#code").FillAsync("SKD-JKT-001");
            await committee.Locator("#venue").FillAsync(Venue);
            await committee.Locator("#room").FillAsync("Ruang 1");
            await committee.Locator("#seats").FillAsync("20");
            await committee.Locator("button[type=submit]").ClickAsync();
            await Expect(committee.Locator("h1")).ToContainTextAsync("Sesi SKD-JKT-001");
            await committee.Locator("#assign").FillAsync("KEMENKEU-PK-001");
            await committee.GetByRole(AriaRole.Button, new() { Name = "Tetapkan" }).ClickAsync();
            await Expect(committee.Locator(".notice")).ToContainTextAsync("3 peserta ditetapkan");
            await committee.GetByRole(AriaRole.Button, new() { Name = "Terbitkan PIN (registrasi)" }).ClickAsync();
            var pinCell = committee.Locator("td.pin[data-pin='2026-JKT-0001']");
            await Expect(pinCell).ToHaveTextAsync(PinPattern());
            var pin = (await pinCell.InnerTextAsync()).Trim();
            await committee.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("console-session.png"), FullPage = true });
            await committee.GetByRole(AriaRole.Button, new() { Name = "Mulai ujian" }).ClickAsync();
            await Expect(committee.Locator("h1 .badge")).ToHaveTextAsync("berlangsung");

            // the proctor of that venue opens the monitor
            var proctor = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            pages.Add(proctor);
            proctor.Console += (_, m) => console.Enqueue("proctor: " + m.Text);
            await proctor.GotoAsync(host.Url + "/konsol");
            await SignInAsync(proctor, "pengawas1");
            await proctor.GetByRole(AriaRole.Link, new() { Name = "Pengawasan" }).ClickAsync();
            var seat = proctor.Locator("article.seat[data-participant='2026-JKT-0001']");
            await Expect(seat.Locator("[data-state]")).ToHaveTextAsync("belum masuk");

            // the candidate logs in and answers two questions; the grid follows
            var candidate = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            pages.Add(candidate);
            candidate.Console += (_, m) => console.Enqueue("candidate: " + m.Text);
            await candidate.GotoAsync(host.Url + "/");
            await Chromium.LogInAtTerminalAsync(candidate, "2026-JKT-0001", pin);
            await Expect(candidate.Locator("#question-title")).ToHaveTextAsync("Soal 1 dari 110");
            await Expect(seat.Locator("[data-state]")).ToHaveTextAsync("mengerjakan");
            await candidate.Locator("button[role=radio][data-slot='1']").ClickAsync();
            await Expect(candidate.Locator(".save-saved")).ToBeVisibleAsync();
            await candidate.Locator(".exam").FocusAsync();
            await candidate.Keyboard.PressAsync("ArrowRight");
            await candidate.Keyboard.PressAsync("c");
            await Expect(candidate.Locator(".save-saved")).ToBeVisibleAsync();
            await Expect(seat.Locator("[data-answered]")).ToHaveTextAsync("2");

            // the proctor grants 5 minutes with a reason; the candidate's countdown moves at once
            var before = Seconds(await candidate.Locator(".countdown-value").InnerTextAsync());
            await seat.GetByRole(AriaRole.Button, new() { Name = "+ Waktu" }).ClickAsync();
            await proctor.Locator("#reason-minutes").FillAsync("5");
            await proctor.Locator("#reason-text").FillAsync("Komputer kursi 1 macet 5 menit");
            await proctor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proctor-grant.png"), FullPage = true });
            await proctor.GetByRole(AriaRole.Button, new() { Name = "Tambah waktu", Exact = true }).ClickAsync();
            await Expect(proctor.Locator(".notice")).ToContainTextAsync("Tambah waktu: selesai");
            await Expect(seat).ToContainTextAsync("(+5 menit)");
            // 1:40:00 of the blueprint, minus what has passed, plus the 5 minutes: 1:44:xx
            await Expect(candidate.Locator(".countdown-value")).ToHaveTextAsync(new Regex(@"^01:4[45]:\d\d$"));
            var after = Seconds(await candidate.Locator(".countdown-value").InnerTextAsync());
            Assert.InRange(after - before, (5 * 60) - 30, (5 * 60) + 1);
            await proctor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("proctor-grid.png"), FullPage = true });

            // stored and audited, with the reason
            await using var db = host.Db();
            var attempt = await db.Attempts.SingleAsync(a => a.Candidate!.ParticipantNumber == "2026-JKT-0001", Ct);
            Assert.Equal(5, attempt.ExtraMinutes);
            var grant = await db.AuditEntries.SingleAsync(e => e.Action == "attempt.time_granted" && e.Subject == $"attempt:{attempt.Id}", Ct);
            Assert.Equal("pengawas1", grant.Actor);
            Assert.Contains("Komputer kursi 1 macet", grant.Details, StringComparison.Ordinal);
            Assert.Equal(3, await db.Attempts.CountAsync(a => a.ExamSession!.Code == "SKD-JKT-001" && a.PinHash != null, Ct));
        }
        catch
        {
            // what each page showed when it failed, for the test output
            for (var i = 0; i < pages.Count; i++)
            {
                await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"console-failed-{i}.png"), FullPage = true });
                await File.WriteAllTextAsync(Shot($"console-failed-{i}.html"), await pages[i].ContentAsync(), Ct);
            }
            await File.WriteAllLinesAsync(Shot("console-failed-browser.log"), console, Ct);
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await Expect(page.Locator("#userName")).ToBeVisibleAsync();
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>Chooses a file once Blazor's InputFile has hooked the element (its script marks it), so the change is not lost.</summary>
    private static async Task UploadAsync(IPage page, string selector, string path)
    {
        await page.WaitForFunctionAsync($"() => document.querySelector('{selector}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(selector).SetInputFilesAsync(path);
    }

    private static string Xlsx(TempDir dir, string name, string[] header, params string[][] rows)
    {
        var path = System.IO.Path.Combine(dir.Path, name);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("data");
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(header[c]);
        }
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
                sheet.Cell(r + 2, c + 1).DataType = XLDataType.Text;
            }
        }
        workbook.SaveAs(path);
        return path;
    }

    private static string Shot(string name) => System.IO.Path.Combine(Chromium.ScreenshotDir, name);

    private static int Seconds(string hhmmss)
    {
        var parts = hhmmss.Trim().Split(':').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0] * 3600) + (parts[1] * 60) + parts[2];
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex PinPattern();

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
