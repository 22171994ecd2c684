using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// The console's bank import in headless Chromium against the real server: a Moodle export written for
/// the tests (tests/AsnCat.Tool.Tests/Fixtures/Moodle) is checked and its item report read, then the sample bank exported as Moodle XML is imported as a
/// new bank version.
/// </summary>
public sealed class BankImportBrowserTests
{
    private const string Password = "sandi-uji-yang-panjang";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Committee_uploads_a_moodle_file_sees_each_unsupported_item_with_its_reason_then_imports_an_exported_bank()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        await host.CreateStaffAsync("panitia1", "panitia", Password);
        var fixture = Path.Combine(TestPaths.RepoRoot, "tests", "AsnCat.Tool.Tests", "Fixtures", "Moodle", "latihan-skd.xml");
        var exported = Path.Combine(dir.Path, "skd-contoh-moodle.xml");
        var export = BankInterchange.Export(TargetFormat.Moodle, TestPaths.SampleBank, exported, new RulesCatalog(TestPaths.QuestionBanks));
        Assert.Empty(export.Errors);

        var (playwright, browser) = await Chromium.LaunchAsync();
        IPage? page = null;
        try
        {
            page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "id-ID" })).NewPageAsync();
            await page.GotoAsync(host.Url + "/konsol/bank");
            await page.Locator("#userName").FillAsync("panitia1");
            await page.Locator("#password").FillAsync(Password);
            await page.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Bank soal");   // signed in, back where the committee was going
            await Assertions.Expect(page.Locator("#bank-import-title")).ToBeVisibleAsync();

            // a Moodle export with five questions the bank cannot take as they are: checked, each reported with its reason, nothing stored
            await ChooseAsync(page, fixture);
            await Assertions.Expect(page.Locator("#import-format")).ToHaveValueAsync("Moodle");
            await page.GetByRole(AriaRole.Button, new() { Name = "Periksa" }).ClickAsync();
            var report = page.Locator("#import-report li");
            await Assertions.Expect(report).ToHaveCountAsync(5);
            await Assertions.Expect(report.Nth(0)).ToContainTextAsync("Isian rumpang dengan gambar: jenis soal Moodle 'cloze' tidak didukung");
            await Assertions.Expect(report.Nth(1)).ToContainTextAsync("Nilai sila kedua (jawaban ganda): pilihan ganda dengan lebih dari satu jawaban benar (single=false) tidak didukung");
            await Assertions.Expect(report.Nth(2)).ToContainTextAsync("Menyimak pengumuman: tautan ke '@@PLUGINFILE@@/pengumuman.mp3' tidak dapat disimpan");
            await Assertions.Expect(report.Nth(3)).ToContainTextAsync("Menghitung-persegi: subtes 'Bawaan untuk Latihan SKD 2025' tidak ada di kisi-kisi skd");
            await Assertions.Expect(report.Nth(4)).ToContainTextAsync("4 opsi; bank memakai tepat 5 opsi (A-E)");
            await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("tidak ada yang disimpan");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bank-import-report.png"), FullPage = true });

            // the sample bank as Moodle XML: imported as a new version and listed
            await ChooseAsync(page, exported);
            await page.GetByRole(AriaRole.Button, new() { Name = "Impor ke bank" }).ClickAsync();
            await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("241 soal (TWK 65, TIU 80, TKP 96)");
            await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("tersimpan sebagai versi baru");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bank-import-stored.png"), FullPage = true });

            await using var db = host.Db();
            var version = await db.BankVersions.SingleAsync(v => v.Hash == export.NormalHash, Ct);
            Assert.Equal((241, "skd-contoh"), (version.ItemCount, version.Code));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AsnCat.Server.Data.AuditActions.Bank.Imported && e.Actor == "panitia1" && e.Details!.Contains("\"from\":\"moodle\""), Ct));
        }
        catch when (page is not null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bank-import-failed.png"), FullPage = true });
            await File.WriteAllTextAsync(Shot("bank-import-failed.html"), await page.ContentAsync(), Ct);
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Chooses a file once Blazor's InputFile has hooked the element, so the change is not lost.</summary>
    private static async Task ChooseAsync(IPage page, string path)
    {
        await page.WaitForFunctionAsync("() => document.querySelector('#import-source')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("#import-source").SetInputFilesAsync(path);
    }

    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotDir, name);
}
