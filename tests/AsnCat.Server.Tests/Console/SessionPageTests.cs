using System.Text.Json;
using AngleSharp.Dom;
using AsnCat.Server.Banks;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Seeding;
using AsnCat.Tool.Banks;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Console;

/// <summary>One session's page: assigning seats, issuing PINs that really log in, and session actions that need a reason.</summary>
public sealed class SessionPageTests : ConsoleTestContext
{
    private IRenderedComponent<SessionPage> Open(int id, string user = "panitia1", string role = StaffRoles.Panitia, params string[] venues)
    {
        SignIn(user, role, venues);
        var page = Render<SessionPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.DoesNotContain("Memuat", page.Markup, StringComparison.Ordinal));
        return page;
    }

    private static IElement Button(IRenderedComponent<SessionPage> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    // on a busy machine a click's render may land a moment after Click() returns (seen twice under
    // load: the reason panel not there yet), so wait for the panel the button opens
    private static void Ask(IRenderedComponent<SessionPage> page, string button)
    {
        Button(page, button).Click();
        page.WaitForElement(".reason-panel #reason-text", TimeSpan.FromSeconds(10));
    }

    private static void Assign(IRenderedComponent<SessionPage> page, string names)
    {
        page.Find("#assign").Change(names);
        Button(page, "Tetapkan").Click();
    }

    private static List<string> SeatRows(IRenderedComponent<SessionPage> page) =>
        [.. page.FindAll("table.no-print tbody tr").Select(r => string.Join('|', r.QuerySelectorAll("td").Take(4).Select(td => td.TextContent)))];

    private async Task<SessionState> StateAsync(int id)
    {
        await using var db = Db();
        return (await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == id, Ct)).State;
    }

    [Fact]
    public async Task Assigning_a_formation_code_gives_its_candidates_seats_1_to_n()
    {
        await ImportPeopleAsync(3, 2);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        var page = Open(id);

        Assign(page, "FORMASI-A");

        page.WaitForAssertion(() => Assert.Equal("3 peserta ditetapkan.", page.Find(".notice").TextContent));
        Assert.Equal(
            ["1|2026-A-0001|Peserta A1|FORMASI-A", "2|2026-A-0002|Peserta A2|FORMASI-A", "3|2026-A-0003|Peserta A3|FORMASI-A"],
            SeatRows(page));
        Assert.Equal("Peserta (3 dari 10 kursi)", page.FindAll("h2").Single(h => h.TextContent.StartsWith("Peserta", StringComparison.Ordinal)).TextContent);
        Assert.Equal("", page.Find("#assign").GetAttribute("value"));

        // the next assignment takes the next free seats
        Assign(page, "2026-B-0002\n2026-B-0001");
        page.WaitForAssertion(() => Assert.Equal("2 peserta ditetapkan.", page.Find(".notice").TextContent));
        Assert.Equal(["4|2026-B-0001", "5|2026-B-0002"], SeatRows(page).Skip(3).Select(r => string.Join('|', r.Split('|')[..2])));
        await using var db = Db();
        Assert.Equal([1, 2, 3, 4, 5], await db.Attempts.Where(a => a.ExamSessionId == id).OrderBy(a => a.Seat).Select(a => a.Seat!.Value).ToListAsync(Ct));
    }

    [Fact]
    public async Task Assigning_more_candidates_than_seats_is_refused_and_assigns_nobody()
    {
        await ImportPeopleAsync(3, 2);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 4);
        var page = Open(id);

        Assign(page, "FORMASI-A, FORMASI-B");

        page.WaitForAssertion(() => Assert.Equal(["Kursi tidak cukup: 5 peserta baru, 4 kursi kosong dari 4."], page.FindAll("[role=alert] li").Select(li => li.TextContent)));
        Assert.Empty(page.FindAll(".notice"));
        Assert.Empty(SeatRows(page));
        Assert.Equal("FORMASI-A, FORMASI-B", page.Find("#assign").GetAttribute("value"));
        await using var db = Db();
        Assert.False(await db.Attempts.AnyAsync(Ct));
    }

    [Fact]
    public async Task Candidates_the_sessions_threshold_set_cannot_judge_are_refused_before_they_sit_the_exam()
    {
        await ImportPeopleAsync(2, 0);
        await using (var db = Db())
        {
            var candidate = await db.Candidates.SingleAsync(c => c.ParticipantNumber == "2026-A-0002", Ct);
            candidate.Category = CandidateCategory.KebutuhanKhusus;
            await db.SaveChangesAsync(Ct);
        }
        var skd = await ScheduleAsync("SKD-JKT-001", Venue, 4);
        var page = Open(skd);

        // skd-2024 has no kebutuhan_khusus category
        Assign(page, "FORMASI-A");
        page.WaitForAssertion(() => Assert.Equal(
            ["2026-A-0002: kategori 'kebutuhan_khusus' tidak ada di ambang batas skd-2024 (umum, cumlaude, diaspora, disabilitas, papua, daerah_tertinggal); perbaiki kategorinya di impor peserta atau pilih ambang batas lain."],
            page.FindAll("[role=alert] li").Select(li => li.TextContent)));

        // pppk-2023 judges umum by the formation's position, and Penata Kelola APBN is not in its table
        using (var scope = Host.Services.CreateScope())
        {
            Assert.NotNull(await SampleBank.ImportAsync(scope.ServiceProvider.GetRequiredService<BankImporter>(), NullLogger.Instance,
                Path.Combine(TestPaths.QuestionBanks, "pppk-contoh"), scope.ServiceProvider.GetRequiredService<RulesCatalog>(), Ct));
        }
        var bank = (await Admin.BanksAsync(Ct)).Single(b => b.BlueprintCode == "pppk");
        var created = await Admin.CreateAsync(new NewSessionForm
        {
            Code = "PPPK-JKT-001", Venue = Venue, Room = "Ruang 2", Seats = 4, BankVersionId = bank.Id,
            Date = new DateOnly(2030, 12, 3), Time = new TimeOnly(13, 0), TimeZone = "WIB", ThresholdSetCode = "pppk-2023",
        }, Panitia, Ct);
        Assert.True(created.Ok, string.Join("; ", created.Errors));
        var refused = await Admin.AssignAsync(created.Id!.Value, "FORMASI-A", Panitia, Ct);
        Assert.False(refused.Ok);
        Assert.Equal(
            ["2026-A-0001: jabatan 'Penata Kelola APBN Ahli Pertama' tidak ada di tabel ambang batas teknis pppk-2023 (positions); tambahkan jabatan itu ke berkas ambang batas atau pakai ambang batas lain."],
            refused.Errors);
        await using var check = Db();
        Assert.False(await check.Attempts.AnyAsync(Ct));
    }

    [Fact]
    public async Task Unknown_names_are_refused_with_each_name()
    {
        await ImportPeopleAsync(1, 0);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 4);
        var page = Open(id);

        Assign(page, "2026-A-0001\nTIDAK-ADA");

        page.WaitForAssertion(() => Assert.Equal(["'TIDAK-ADA' bukan nomor peserta maupun kode formasi yang terdaftar."], page.FindAll("[role=alert] li").Select(li => li.TextContent)));
        await using var db = Db();
        Assert.False(await db.Attempts.AnyAsync(Ct));
    }

    [Fact]
    public async Task Issued_PINs_are_shown_once_as_six_digits_and_each_one_logs_its_candidate_in()
    {
        await ImportPeopleAsync(3, 0);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        var page = Open(id);
        Assign(page, "FORMASI-A");
        page.WaitForAssertion(() => Assert.Equal(3, SeatRows(page).Count));
        Assert.Empty(page.FindAll(".pin-sheet"));

        Button(page, "Terbitkan PIN (registrasi)").Click();

        page.WaitForAssertion(() => Assert.Equal("3 PIN diterbitkan. PIN lama tidak berlaku lagi.", page.Find(".notice").TextContent));
        var pins = page.FindAll(".pin-sheet td.pin").ToDictionary(td => td.GetAttribute("data-pin")!, td => td.TextContent);
        Assert.Equal(["2026-A-0001", "2026-A-0002", "2026-A-0003"], pins.Keys.Order(StringComparer.Ordinal));
        Assert.All(pins.Values, pin => Assert.Matches("^[0-9]{6}$", pin));
        Assert.All(page.FindAll("table.no-print tbody tr"), r => Assert.Equal("sudah", r.QuerySelectorAll("td")[5].TextContent));

        // the server keeps only hashes, and every hash is of the PIN shown
        var secrets = Host.Services.GetRequiredService<Secrets>();
        await using (var db = Db())
        {
            var hashes = await db.Attempts.Where(a => a.ExamSessionId == id).Select(a => new { a.Candidate!.ParticipantNumber, a.PinHash }).ToListAsync(Ct);
            Assert.All(hashes, h =>
            {
                Assert.DoesNotContain(pins[h.ParticipantNumber], h.PinHash!, StringComparison.Ordinal);
                Assert.True(secrets.VerifyPin(h.PinHash, pins[h.ParticipantNumber]));
            });
        }

        // once the session is open, a terminal logs in with the PIN from the sheet
        Button(page, "Buka sesi (peserta dapat masuk)").Click();
        page.WaitForAssertion(() => Assert.Equal("dibuka", page.Find("h1 .badge").TextContent), TimeSpan.FromSeconds(10));
        await using var terminal = await Host.ConnectAsync();
        var wrong = await LoginAsync(terminal, "2026-A-0002", pins["2026-A-0001"] == "000000" ? "000001" : "000000");
        Assert.False(wrong.Ok);
        var reply = await LoginAsync(terminal, "2026-A-0002", pins["2026-A-0002"]);
        Assert.True(reply.Ok, reply.Message);
        Assert.Equal("2026-A-0002", reply.Exam!.Candidate.ParticipantNumber);
    }

    [Fact]
    public async Task Issuing_PINs_again_makes_the_old_ones_useless()
    {
        await ImportPeopleAsync(1, 0);
        var id = await ScheduleAsync("SKD-JKT-001", Venue, 10);
        var page = Open(id);
        Assign(page, "2026-A-0001");
        page.WaitForAssertion(() => Assert.Single(SeatRows(page)));
        Button(page, "Terbitkan PIN (registrasi)").Click();
        var first = page.WaitForElement("td.pin").TextContent;
        Button(page, "Terbitkan PIN (registrasi)").Click();
        page.WaitForAssertion(() => Assert.NotEqual(first, page.Find("td.pin").TextContent));
        var second = page.Find("td.pin").TextContent;

        var secrets = Host.Services.GetRequiredService<Secrets>();
        await using var db = Db();
        var hash = await db.Attempts.Where(a => a.ExamSessionId == id).Select(a => a.PinHash).SingleAsync(Ct);
        Assert.True(secrets.VerifyPin(hash, second));
        Assert.False(secrets.VerifyPin(hash, first));
    }

    [Fact]
    public async Task Pause_resume_and_end_each_require_a_reason_that_goes_into_the_audit_log()
    {
        var (id, _) = await Host.SeedSessionAsync(2);
        var page = Open(id);
        Assert.Equal("berlangsung", page.Find("h1 .badge").TextContent);

        // pause: refused without a reason, done with one
        Ask(page, "Jeda semua (gangguan)");
        Assert.Equal("Jeda semua peserta", page.Find("#reason-title").TextContent);
        page.Find(".reason-panel button.primary").Click();
        Assert.Equal(SessionAdmin.ReasonRequired, page.Find(".reason-panel [role=alert]").TextContent);
        Assert.Equal(SessionState.Running, await StateAsync(id));
        page.Find("#reason-text").Input("listrik padam di seluruh gedung");
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.Equal("dijeda", page.Find("h1 .badge").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Semua peserta dijeda; waktu jeda tidak dihitung.", page.Find(".notice").TextContent);
        Assert.Empty(page.FindAll(".reason-panel"));
        Assert.Equal(SessionState.Paused, await StateAsync(id));

        // resume: cancel runs nothing, then a reason resumes
        Ask(page, "Lanjutkan semua");
        page.FindAll(".reason-panel button").Single(b => b.TextContent == "Batal").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".reason-panel")), TimeSpan.FromSeconds(10));
        Assert.Equal(SessionState.Paused, await StateAsync(id));
        Ask(page, "Lanjutkan semua");
        page.Find("#reason-text").Input("listrik menyala kembali");
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.Equal("berlangsung", page.Find("h1 .badge").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(SessionState.Running, await StateAsync(id));

        // end: a short reason is refused, a full one ends the session
        Ask(page, "Akhiri sesi");
        page.Find("#reason-text").Input("usai");
        page.Find(".reason-panel button.primary").Click();
        Assert.Equal(SessionAdmin.ReasonRequired, page.Find(".reason-panel [role=alert]").TextContent);
        Assert.Equal(SessionState.Running, await StateAsync(id));
        page.Find("#reason-text").Input("waktu ujian sesi habis");
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.Equal("selesai", page.Find("h1 .badge").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(SessionState.Ended, await StateAsync(id));
        Assert.Empty(page.FindAll("button"));

        await using var db = Db();
        string[] actions = ["session.paused", "session.resumed", "session.ended"];
        var audit = await db.AuditEntries.Where(a => actions.Contains(a.Action) && a.Subject == $"session:{id}").OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(
            ["session.paused panitia1 listrik padam di seluruh gedung", "session.resumed panitia1 listrik menyala kembali", "session.ended panitia1 waktu ujian sesi habis"],
            audit.Select(a => $"{a.Action} {a.Actor} {JsonDocument.Parse(a.Details!).RootElement.GetProperty("reason").GetString()}"));
    }

    [Fact]
    public async Task A_proctor_at_the_venue_can_pause_but_cannot_end_assign_or_see_another_venue()
    {
        var elsewhere = await ScheduleAsync("SKD-MKS-001", OtherVenue, 4);
        var (id, _) = await Host.SeedSessionAsync(1);
        var page = Open(id, "pengawas1", StaffRoles.Pengawas, "Ruang uji");

        Assert.Contains("Jeda semua (gangguan)", page.FindAll("button").Select(b => b.TextContent.Trim()));
        Assert.DoesNotContain("Akhiri sesi", page.FindAll("button").Select(b => b.TextContent.Trim()));
        Assert.Empty(page.FindAll("#assign"));

        var other = Render<SessionPage>(p => p.Add(x => x.Id, elsewhere));
        other.WaitForAssertion(() => Assert.Equal("Sesi tidak ditemukan atau di luar lokasi Anda.", other.Find("[role=status]").TextContent));
        Assert.Empty(other.FindAll("button"));
    }
}
