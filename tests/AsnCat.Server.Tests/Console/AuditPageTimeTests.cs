using AsnCat.Server.Console;
using AsnCat.Server.Identity;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Publishing;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.Console;

/// <summary>The audit log reads in the committee's zone (<see cref="LetterheadOptions.TimeZone"/>), named in the column and in every time.</summary>
public sealed class AuditPageTimeTests : ConsoleTestContext
{
    [Fact]
    public async Task The_audit_page_shows_each_time_in_the_committees_zone_with_the_zone_named()
    {
        await ScheduleAsync("SKD-MKS-001", OtherVenue, 10);   // an audited action
        Services.AddSingleton(Options.Create(LetterheadTests.Sample()));   // a committee in Makassar: WITA
        SignIn("panitia1", StaffRoles.Panitia);
        await using var db = Db();
        var latest = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync(Ct);

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")));
        Assert.Contains("Waktu (WITA)", page.FindAll("thead th").Select(th => th.TextContent));
        var wita = latest.At.ToOffset(TimeSpan.FromHours(8)).ToString("dd/MM/yyyy HH.mm.ss", System.Globalization.CultureInfo.InvariantCulture) + " WITA";
        Assert.Equal(wita, page.FindAll("tbody tr")[0].QuerySelectorAll("td")[1].TextContent);
        Assert.DoesNotContain("UTC", page.Markup, StringComparison.Ordinal);
    }
}
