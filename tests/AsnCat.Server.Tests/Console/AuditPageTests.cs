using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Bunit;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Console;

/// <summary>The audit page reads in Indonesian: each action by its label, each detail as "label: value", never raw JSON.</summary>
public sealed class AuditPageTests : ConsoleTestContext
{
    [Fact]
    public async Task Actions_show_their_Indonesian_label_and_details_read_as_labelled_values()
    {
        var dbs = Host.Services.GetService(typeof(IDbContextFactory<AsnCatDb>)) as IDbContextFactory<AsnCatDb>;
        await AuditLog.WriteAsync(dbs!, TimeProvider.System, "pengawas1", "198.51.100.23", AuditActions.Attempt.TimeGranted, "attempt:42",
            new { minutes = 7, reason = "terminal T-01 mati 7 menit" }, Ct);
        await AuditLog.WriteAsync(dbs!, TimeProvider.System, "panitia1", "198.51.100.23", AuditActions.Staff.LoginFailed, null, new { reason = "wrong" }, Ct);
        SignIn("panitia1", StaffRoles.Panitia);

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));
        var rows = page.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        var granted = rows.Single(r => r[2] == "pengawas1");
        Assert.StartsWith("Waktu peserta ditambah", granted[4], StringComparison.Ordinal);
        Assert.Equal(["Menit: 7", "Alasan: terminal T-01 mati 7 menit"], page.FindAll("tbody tr").Single(r => r.TextContent.Contains("pengawas1", StringComparison.Ordinal))
            .QuerySelectorAll(".audit-detail").Select(d => string.Join(' ', d.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        var failed = rows.Single(r => r[2] == "panitia1");
        Assert.StartsWith("Staf gagal masuk", failed[4], StringComparison.Ordinal);
        Assert.Equal("Alasan: sandi salah", string.Join(' ', failed[6].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("{\"", page.Markup, StringComparison.Ordinal);
    }
}
