using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Bunit;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Console;

/// <summary>The admin's staff page on the real <see cref="StaffAdmin"/>: venues offered are the known ones; an account is created, then changed.</summary>
public sealed class StaffPageTests : ConsoleTestContext
{
    [Fact]
    public async Task A_proctor_is_created_for_a_known_venue_and_then_renamed_both_audited_with_the_admins_address()
    {
        await ScheduleAsync("SKD-JKT-001", Venue, 10);
        SignIn("admin1", StaffRoles.Admin);
        var page = Render<StaffPage>();
        page.WaitForAssertion(() => Assert.Equal([Venue], page.FindAll("[role=group] label").Select(l => l.TextContent)));

        page.Find("#staff-user").Change("pengawas2");
        page.Find("#staff-name").Change("Budi Santoso");
        page.Find("#venue-0").Change(true);
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Equal("Akun pengawas2 (pengawas) dibuat.", page.Find(".notice p").TextContent));
        Assert.Matches("^[A-Za-z0-9]{20}$", page.Find("[data-testid=sandi-sekali-pakai]").TextContent);

        page.Find("tr[data-user='pengawas2']").QuerySelectorAll("button").Single(b => b.TextContent == "Ubah").Click();
        Assert.Equal("Ubah akun pengawas2", page.FindAll("h2")[0].TextContent);
        Assert.True(page.Find("#staff-user").HasAttribute("readonly"));
        page.Find("#staff-name").Change("Sari Dewi");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Equal("Akun pengawas2 diubah.", page.Find(".notice p").TextContent));
        Assert.Empty(page.FindAll("[data-testid=sandi-sekali-pakai]"));
        Assert.Equal(["pengawas2", "Sari Dewi", "pengawas", Venue], page.Find("tr[data-user='pengawas2']").QuerySelectorAll("td").Take(4).Select(td => td.TextContent));
        await using var db = Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Subject == "staf:pengawas2").OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Staff.Created, AuditActions.Staff.Updated], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("admin1", StaffAddress), (e.Actor, e.Address)));
    }
}
