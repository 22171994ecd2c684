using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
namespace AsnCat.Server.Tests.Browser;

/// <summary>
/// An admin manages staff in Chromium: creates a proctor for a venue the server knows, sees them
/// listed, disables, enables and resets their password; the proctor signs in with the one-time
/// password, must change it, and a weak new one is refused in Indonesian.
/// </summary>
public sealed class StaffBrowserTests
{
    private const string AdminPassword = "sandi-uji-yang-panjang";
    private const string NewUser = "pengawas.ruang1";

    [Fact]
    public async Task An_admin_creates_disables_enables_and_resets_a_proctor_who_must_then_choose_a_strong_password()
    {
        using var dir = new TempDir();
        await using var host = KestrelHost.Start(dir, TimeProvider.System, recordHubFrames: false);
        await host.Services.GetRequiredService<ExamWriter>().Ready;
        await host.SeedSessionAsync(1, start: false);   // its venue, "Ruang uji", is the one the server knows
        await host.CreateStaffAsync("admin-uji", StaffRoles.Admin, AdminPassword);

        var (playwright, browser) = await Chromium.LaunchAsync();
        IPage? admin = null;
        try
        {
            var viewport = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "id-ID" };
            admin = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            await admin.GotoAsync(host.Url + "/konsol/staf");
            await SignInAsync(admin, "admin-uji", AdminPassword);
            await Expect(admin.Locator("h1")).ToHaveTextAsync("Akun staf");

            // create: a proctor for the known venue
            await admin.Locator("#staff-user").FillAsync(NewUser);
            await admin.Locator("#staff-name").FillAsync("Sari Dewi");
            await admin.GetByLabel("Ruang uji").CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Buat akun" }).ClickAsync();
            await Expect(admin.Locator(".notice")).ToContainTextAsync($"Akun {NewUser} (pengawas) dibuat.");
            var row = admin.Locator($"tr[data-user='{NewUser}']");
            await Expect(row).ToContainTextAsync("Sari Dewi");
            await Expect(row).ToContainTextAsync("Ruang uji");
            await Expect(row.Locator(".staff-status")).ToHaveTextAsync("aktif; wajib ganti sandi");
            // audited from the circuit with the browser's address (loopback here), captured when the circuit opened
            await using (var db = host.Db())
            {
                var created = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.Staff.Created, TestContext.Current.CancellationToken);
                Assert.Equal("admin-uji", created.Actor);
                Assert.True(created.Address is "127.0.0.1" or "::1" or "::ffff:127.0.0.1", created.Address);
            }

            // disable, enable
            await row.GetByRole(AriaRole.Button, new() { Name = "Nonaktifkan" }).ClickAsync();
            await Expect(row.Locator(".staff-status")).ToHaveTextAsync("nonaktif; wajib ganti sandi");
            await row.GetByRole(AriaRole.Button, new() { Name = "Aktifkan" }).ClickAsync();
            await Expect(row.Locator(".staff-status")).ToHaveTextAsync("aktif; wajib ganti sandi");

            // reset: a new one-time password, shown once
            await row.GetByRole(AriaRole.Button, new() { Name = "Atur ulang sandi" }).ClickAsync();
            await Expect(admin.Locator(".notice")).ToContainTextAsync($"Akun {NewUser} diatur ulang sandinya.");
            var oneTime = (await admin.Locator("[data-testid=sandi-sekali-pakai]").TextContentAsync())!.Trim();
            Assert.Matches("^[A-Za-z0-9]{20}$", oneTime);
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "staff-page.png"), FullPage = true });

            // the proctor signs in with it and must change it; a weak one is refused in Indonesian
            var proctor = await (await browser.NewContextAsync(viewport)).NewPageAsync();
            await proctor.GotoAsync(host.Url + StaffPaths.Login);
            await Expect(proctor.Locator("link[href='/console.css']")).ToHaveCountAsync(1);
            await proctor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "staff-login.png") });
            await SignInAsync(proctor, NewUser, oneTime);
            await Expect(proctor.Locator("h1")).ToHaveTextAsync("Ganti sandi");
            Assert.EndsWith(StaffPaths.ChangePassword, proctor.Url, StringComparison.Ordinal);
            await ChangeAsync(proctor, oneTime, "abcdefghijklm");
            await Expect(proctor.Locator("[role=alert]")).ToContainTextAsync("deretan berurutan");
            await proctor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "staff-change-password.png"), FullPage = true });
            await ChangeAsync(proctor, oneTime, "kopi pagi di teras rumah");
            await Expect(proctor.Locator("h1")).ToHaveTextAsync("Staf AsnCat");
            await proctor.GotoAsync(host.Url + "/konsol");
            await Expect(proctor.Locator("h1")).ToHaveTextAsync("Sesi ujian");
        }
        catch
        {
            if (admin is not null)
            {
                await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ScreenshotDir, "staff-failed.png"), FullPage = true });
            }
            throw;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await Expect(page.Locator("h1")).ToHaveTextAsync("Masuk staf");
        await page.GetByLabel("Nama pengguna").FillAsync(userName);
        await page.GetByLabel("Sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
    }

    private static async Task ChangeAsync(IPage page, string current, string next)
    {
        await page.GetByLabel("Sandi saat ini").FillAsync(current);
        await page.GetByLabel("Sandi baru", new() { Exact = true }).FillAsync(next);
        await page.GetByLabel("Ulangi sandi baru").FillAsync(next);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan sandi baru" }).ClickAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
