using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// The PIN slips beside the PIN list (issue #16): one card per seat with the PIN just issued, which
/// logs its candidate in; nobody outside the session's venue gets PINs or slips.
/// </summary>
public sealed class PinSlipsTests : ConsoleTestContext
{
    private IRenderedComponent<SessionPage> Open(int id, string user, string role, params string[] venues)
    {
        SignIn(user, role, venues);
        var page = Render<SessionPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.DoesNotContain("Memuat", page.Markup, StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task Issuing_PINs_gives_one_slip_per_seat_with_its_PIN_seat_name_and_start_in_the_venues_zone()
    {
        await ImportPeopleAsync(3, 0);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        var page = Open(id, "panitia1", StaffRoles.Panitia);
        page.Find("#assign").Change("FORMASI-A");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Tetapkan").Click();
        page.WaitForAssertion(() => Assert.Contains("3 peserta ditetapkan", page.Find(".notice").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".pin-slips"));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Terbitkan PIN (registrasi)").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".slip").Count));
        var listed = page.FindAll(".pin-sheet td.pin").ToDictionary(td => td.GetAttribute("data-pin")!, td => td.TextContent);
        var slips = page.FindAll(".slip").Select(s => new
        {
            Number = s.QuerySelector(".slip-number")!.TextContent,
            Seat = s.QuerySelector(".slip-seat")!.TextContent,
            Pin = s.QuerySelector(".pin")!.TextContent,
            Text = s.TextContent,
        }).ToList();
        Assert.Equal(["2026-A-0001|1", "2026-A-0002|2", "2026-A-0003|3"], slips.Select(s => $"{s.Number}|{s.Seat}"));
        Assert.All(slips, s =>
        {
            Assert.Equal(listed[s.Number], s.Pin);
            Assert.Contains($"{Venue} · Ruang 1", s.Text, StringComparison.Ordinal);
            Assert.Contains("Sesi SKD-JKT-001 · Selasa, 03/12/2030 08.00 WIB", s.Text, StringComparison.Ordinal);
            Assert.Contains($"Duduk di kursi {s.Seat}, ketik nomor peserta dan PIN", s.Text, StringComparison.Ordinal);
        });
        Assert.Contains("Peserta A1", slips[0].Text, StringComparison.Ordinal);
        Assert.Equal("Cetak slip", page.Find(".pin-slips button").TextContent);

        // each slip's PIN is the one the server stored for its candidate
        var secrets = Host.Services.GetRequiredService<AsnCat.Server.Exam.Secrets>();
        await using var db = Db();
        var hashes = await db.Attempts.Where(a => a.ExamSessionId == id).Select(a => new { a.Candidate!.ParticipantNumber, a.PinHash })
            .ToDictionaryAsync(a => a.ParticipantNumber, a => a.PinHash, Ct);
        Assert.All(slips, s => Assert.True(secrets.VerifyPin(hashes[s.Number], s.Pin)));
    }

    [Fact]
    public async Task A_proctor_of_another_venue_gets_no_PINs_and_no_slips()
    {
        await ImportPeopleAsync(2, 0);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        await Admin.AssignAsync(id, "FORMASI-A", Panitia, Ct);

        var page = Open(id, "pengawas9", StaffRoles.Pengawas, OtherVenue);

        page.WaitForAssertion(() => Assert.Equal("Sesi tidak ditemukan atau di luar lokasi Anda.", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll(".pin-slips"));
        Assert.Empty(page.FindAll("button"));
        Assert.Empty(await Admin.IssuePinsAsync(id, new StaffScope("pengawas9", new HashSet<string> { OtherVenue }, false), Ct));
        await using var db = Db();
        Assert.False(await db.Attempts.AnyAsync(a => a.PinHash != null, Ct));
    }

    [Fact]
    public void The_session_page_that_holds_the_slips_needs_a_staff_role()
    {
        var authorize = typeof(SessionPage).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>().Single();

        Assert.Equal(StaffPolicies.Pengawas, authorize.Policy);
    }
}
