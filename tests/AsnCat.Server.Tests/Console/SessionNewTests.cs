using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>Scheduling a session from the form: every error at once, or a scheduled session on a locked bank.</summary>
public sealed class SessionNewTests : ConsoleTestContext
{
    private IRenderedComponent<SessionNew> Open()
    {
        SignIn("panitia1", StaffRoles.Panitia);
        var page = Render<SessionNew>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#bank option[value]:not([value='0'])")));
        return page;
    }

    [Fact]
    public async Task An_invalid_form_shows_every_error_and_creates_nothing()
    {
        var page = Open();
        page.Find("#code").Change("SKD JKT/001");
        page.Find("#venue").Change("   ");
        page.Find("#seats").Change("0");
        page.Find("#thr").Change("ambang-karangan");

        page.Find("form").Submit();

        var errors = page.WaitForElements("[role=alert] li").Select(li => li.TextContent).ToList();
        Assert.Equal(
        [
            "Kode sesi wajib diisi: huruf, angka, tanda - _ . (maksimal 100), misalnya SKD-JKT-001.",
            "Lokasi (titik lokasi ujian) wajib diisi, maksimal 300 karakter.",
            "Jumlah kursi harus 1 sampai 1400.",
            "Ambang batas 'ambang-karangan' tidak dikenal.",
        ], errors);
        Assert.Equal("Sesi belum dibuat:", page.Find("[role=alert] p").TextContent);
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
        await using var db = Db();
        Assert.False(await db.ExamSessions.AnyAsync(Ct));
        Assert.False(await db.BankVersions.AnyAsync(b => b.Locked, Ct));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "session.created", Ct));
    }

    [Fact]
    public async Task A_code_already_used_is_refused()
    {
        await ScheduleAsync("SKD-JKT-001", Venue, 10);
        var page = Open();
        page.Find("#code").Change("SKD-JKT-001");
        page.Find("#venue").Change(Venue);

        page.Find("form").Submit();

        Assert.Equal(["Kode sesi SKD-JKT-001 sudah dipakai."], page.WaitForElements("[role=alert] li").Select(li => li.TextContent));
        await using var db = Db();
        Assert.Equal(1, await db.ExamSessions.CountAsync(Ct));
    }

    [Fact]
    public async Task A_valid_form_schedules_the_session_locks_the_bank_and_opens_the_session_page()
    {
        var page = Open();
        int bankId;
        await using (var db = Db())
        {
            bankId = (await db.BankVersions.SingleAsync(Ct)).Id;
            Assert.False((await db.BankVersions.SingleAsync(Ct)).Locked);
        }
        Assert.Equal(bankId.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#bank").GetAttribute("value"));
        page.Find("#code").Change("  SKD-MKS-002 ");
        page.Find("#venue").Change("Kanreg IV BKN Makassar");
        page.Find("#room").Change("Ruang 3");
        page.Find("#seats").Change("25");
        page.Find("#date").Change("2030-12-04");
        page.Find("#time").Change("09:30:00"); // as blazor.web.js sends a time input's value
        page.Find("#tz").Change("WITA");

        page.Find("form").Submit();

        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("^http://localhost/konsol/sesi/[0-9]+$", navigation.Uri));
        Assert.Empty(page.FindAll("[role=alert]"));
        await using (var db = Db())
        {
            var session = await db.ExamSessions.SingleAsync(Ct);
            Assert.Equal($"http://localhost/konsol/sesi/{session.Id}", navigation.Uri);
            Assert.Equal(
                ("SKD-MKS-002", "Kanreg IV BKN Makassar", "Ruang 3", 25, "WITA", SessionState.Scheduled, bankId, "skd-2024"),
                (session.Code, session.Venue, session.Room, session.Seats, session.TimeZone, session.State, session.BankVersionId, session.ThresholdSetCode));
            // 09.30 WITA is 01.30 UTC
            Assert.Equal(new DateTimeOffset(2030, 12, 4, 1, 30, 0, TimeSpan.Zero), session.StartsAt);
            Assert.True((await db.BankVersions.SingleAsync(b => b.Id == bankId, Ct)).Locked);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "session.created", Ct);
            Assert.Equal("panitia1", audit.Actor);
            Assert.Contains("SKD-MKS-002", audit.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_form_offers_the_shipped_thresholds_and_starts_tomorrow_in_WIB()
    {
        string Tomorrow() => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Date.AddDays(1))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = Tomorrow();
        var page = Open();
        var after = Tomorrow();

        Assert.Contains("skd-2024", page.FindAll("#thr option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["WIB", "WITA", "WIT"], page.FindAll("#tz option").Select(o => o.GetAttribute("value")));
        Assert.Contains(page.Find("#date").GetAttribute("value"), new[] { before, after });
    }
}
