using AsnCat.Server.Console;
using AsnCat.Server.Identity;
using Bunit;
using Microsoft.AspNetCore.Components;
namespace AsnCat.Server.Tests.Console;

/// <summary>The console's frame and its session list, per role: a proctor sees only their venues and no committee sections.</summary>
public sealed class ConsoleHomeTests : ConsoleTestContext
{
    private IRenderedComponent<ConsoleLayout> RenderHome() =>
        Render<ConsoleLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<ConsoleHome>(0);
            b.CloseComponent();
        })));

    private static List<string> Links(IRenderedComponent<ConsoleLayout> page) =>
        [.. page.FindAll("nav a").Select(a => a.TextContent.Trim())];

    private static List<string> SessionCodes(IRenderedComponent<ConsoleLayout> page) =>
        [.. page.FindAll("main table tbody tr td:first-child a").Select(a => a.TextContent)];

    [Fact]
    public async Task A_proctor_sees_only_the_sessions_at_their_venues_and_no_committee_sections()
    {
        await ScheduleAsync("SKD-JKT-001", Venue, 10);
        await ScheduleAsync("SKD-MKS-001", OtherVenue, 10);
        SignIn("pengawas1", StaffRoles.Pengawas, Venue);

        var page = RenderHome();

        page.WaitForAssertion(() => Assert.Equal(["SKD-JKT-001"], SessionCodes(page)));
        Assert.Equal(["Sesi ujian", "Hasil publik", "Referensi API"], Links(page));
        Assert.Empty(page.FindAll("a[href='/konsol/formasi'], a[href='/konsol/peserta'], a[href='/konsol/bank'], a[href='/konsol/audit']"));
        Assert.Empty(page.FindAll("a[href='/konsol/sesi/baru']"));
        Assert.Contains("Anda melihat sesi di lokasi: " + Venue, page.Find("main").TextContent, StringComparison.Ordinal);
        Assert.Contains("Uji pengawas1", page.Find(".console-user").TextContent, StringComparison.Ordinal);
        Assert.Contains("(pengawas)", page.Find(".console-user").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proctor_without_sessions_at_their_venue_is_told_so()
    {
        await ScheduleAsync("SKD-MKS-001", OtherVenue, 10);
        SignIn("pengawas2", StaffRoles.Pengawas, Venue);

        var page = RenderHome();

        page.WaitForAssertion(() => Assert.Contains("Belum ada sesi ujian di lokasi Anda.", page.Find("main").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("main table"));
    }

    [Fact]
    public async Task The_committee_sees_every_session_and_every_section()
    {
        var jakarta = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        await ScheduleAsync("SKD-MKS-001", OtherVenue, 10);
        SignIn("panitia1", StaffRoles.Panitia);

        var page = RenderHome();

        page.WaitForAssertion(() => Assert.Equal(["SKD-JKT-001", "SKD-MKS-001"], SessionCodes(page).Order(StringComparer.Ordinal)));
        Assert.Equal(["Sesi ujian", "Hasil publik", "Referensi API", "Formasi", "Peserta", "Bank soal", "Analisis butir", "Nilai SKB", "Publikasi", "Log audit"], Links(page));
        Assert.Single(page.FindAll("a[href='/konsol/sesi/baru']"));
        var row = page.FindAll("main tbody tr").Single(r => r.TextContent.Contains("SKD-JKT-001", StringComparison.Ordinal));
        Assert.Contains("terjadwal", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Selasa, 03/12/2030 08.00 WIB", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/konsol/sesi/{jakarta}/pengawasan']"));
    }

    [Fact]
    public void A_user_who_must_still_change_the_one_time_password_gets_no_sections()
    {
        SignIn("panitia-baru", StaffRoles.Panitia, [new System.Security.Claims.Claim(StaffClaims.MustChangePassword, "true")]);

        var page = RenderHome();

        // the real policies refuse until the password is changed; the frame still says who is signed in
        Assert.Empty(Links(page));
        Assert.Contains("Uji panitia-baru", page.Find(".console-user").TextContent, StringComparison.Ordinal);
    }
}
