using System.IO.Compression;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Banks.Interchange;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// The console actions <see cref="ConsoleAuditAddressTests"/> does not walk: a bank upload (stored and
/// refused) and an import through the bank page's import panel, and the admin's staff actions (unlock,
/// reset password, disable, enable; create and edit are in <see cref="StaffPageTests"/>). Each audit
/// entry names the staff user and carries their browser's address (<see cref="Network.CircuitAddress"/>).
/// </summary>
public sealed class ConsoleAdminAuditTests : ConsoleTestContext
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);

    public ConsoleAdminAuditTests() => Services.AddSingleton(Host.Services.GetRequiredService<BankUpload>());

    [Fact]
    public async Task A_bank_upload_refused_and_stored_and_a_moodle_import_are_audited_with_the_staff_user_and_their_browser_address()
    {
        SignIn("panitia-bank", StaffRoles.Panitia);
        var page = Render<BanksPage>();
        var inputs = page.FindComponents<InputFile>();

        inputs[0].UploadFiles(InputFileContent.CreateFromBinary("bukan arsip zip"u8.ToArray(), "rusak.zip"));
        page.WaitForAssertion(() => Assert.Contains("Bank soal ditolak", page.Find("div.errors").TextContent, StringComparison.Ordinal), Slow);
        inputs[0].UploadFiles(InputFileContent.CreateFromBinary(SampleZip(), "skd-contoh.zip"));
        page.WaitForAssertion(() => Assert.StartsWith("skd-contoh", page.Find("p.notice").TextContent.Trim(), StringComparison.Ordinal), Slow);

        page.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromBinary(MoodleExport(), "skd.xml"));
        page.WaitForElements("button").Single(b => b.TextContent == "Impor ke bank").Click();
        page.WaitForAssertion(() => Assert.Contains("soal", page.Find("p#import-result").TextContent, StringComparison.Ordinal), Slow);

        await using var db = Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == "panitia-bank").OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Bank.Rejected, AuditActions.Bank.Imported, AuditActions.Bank.Imported], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.True(e.Address == StaffAddress, $"{e.Action} {e.Subject}: address '{e.Address}'"));
    }

    [Fact]
    public async Task Unlock_reset_disable_and_enable_on_the_staff_page_are_audited_with_the_admin_and_their_browser_address()
    {
        const string Target = "panitia-terkunci";
        await TestStaff.CreateAsync(Host.Services, Target, StaffRoles.Panitia);
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            // locked after wrong passwords, as the sign-in leaves an account
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByNameAsync(Target))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, Host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(15))).Succeeded);
        }
        SignIn("admin-staf", StaffRoles.Admin);
        var page = Render<StaffPage>();

        Act(page, Target, "Buka kunci", "dibuka kuncinya");
        Act(page, Target, "Atur ulang sandi", "diatur ulang sandinya");
        Act(page, Target, "Nonaktifkan", "dinonaktifkan");
        Act(page, Target, "Aktifkan", "diaktifkan kembali");

        await using var db = Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Subject == "staf:" + Target).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Staff.Unlocked, AuditActions.Staff.PasswordReset, AuditActions.Staff.Disabled, AuditActions.Staff.Enabled], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("admin-staf", StaffAddress), (e.Actor, e.Address)));
    }

    private static void Act(IRenderedComponent<StaffPage> page, string user, string button, string done)
    {
        page.WaitForAssertion(() => Assert.Contains(page.Find($"tr[data-user='{user}']").QuerySelectorAll("button"), b => b.TextContent == button));
        page.Find($"tr[data-user='{user}']").QuerySelectorAll("button").Single(b => b.TextContent == button).Click();
        page.WaitForAssertion(() => Assert.Equal($"Akun {user} {done}.", page.Find(".notice p").TextContent));
    }

    private static byte[] SampleZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(TestPaths.SampleBank, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, "skd-contoh/" + Path.GetRelativePath(TestPaths.SampleBank, file).Replace('\\', '/'));
            }
        }
        return buffer.ToArray();
    }

    private static byte[] MoodleExport()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "skd.xml");
        Assert.Empty(BankInterchange.Export(TargetFormat.Moodle, TestPaths.SampleBank, path, new RulesCatalog(TestPaths.QuestionBanks)).Errors);
        return File.ReadAllBytes(path);
    }
}
