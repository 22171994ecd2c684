using AngleSharp.Dom;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using AsnCat.Server.Imports;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// A committee member's whole day at the console, page by page (imports, scheduling, seats, PINs,
/// the session's and each seat's actions): every audit entry it writes names them and carries the
/// address their browser's circuit was opened from (<see cref="Network.CircuitAddress"/>).
/// </summary>
public sealed class ConsoleAuditAddressTests : ConsoleTestContext
{
    private const string User = "panitia1";

    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_console_action_is_audited_with_the_staff_user_and_their_browser_address()
    {
        SignIn(User, StaffRoles.Panitia);

        // imports: formations and candidates
        var formations = Render<FormationsPage>();
        formations.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Csv(ImportTemplates.Header(ImportKind.Formasi),
            ["FORMASI-A", "Kementerian Keuangan", "Penata Kelola APBN Ahli Pertama", "Jakarta Pusat", "2", "S-1 Ekonomi"]), "formasi.csv"));
        formations.WaitForAssertion(() => Assert.Contains("1 formasi diimpor", formations.Markup, StringComparison.Ordinal));
        var candidates = Render<CandidatesPage>();
        candidates.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Csv(ImportTemplates.Header(ImportKind.Peserta),
            ["2026-A-0001", "Peserta A1", Nik("A", 1), "1999-01-01", "FORMASI-A", "umum", "0", "tidak", "tidak"],
            ["2026-A-0002", "Peserta A2", Nik("A", 2), "1999-01-01", "FORMASI-A", "umum", "0", "tidak", "tidak"]), "peserta.csv"));
        candidates.WaitForAssertion(() => Assert.Contains("2 peserta diimpor", candidates.Markup, StringComparison.Ordinal));

        // scheduling
        var form = Render<SessionNew>();
        form.WaitForAssertion(() => Assert.NotEmpty(form.FindAll("#bank option[value]:not([value='0'])")));
        form.Find("#bank").Change(form.FindAll("#bank option[value]:not([value='0'])")[0].GetAttribute("value"));
        form.Find("#code").Change("SKD-JKT-001");
        form.Find("#venue").Change(Venue);
        form.Find("#date").Change("2030-12-02");   // a start already past is refused
        form.Find("form").Submit();
        var navigation = Services.GetRequiredService<NavigationManager>();
        form.WaitForAssertion(() => Assert.Matches("/konsol/sesi/[0-9]+$", navigation.Uri));
        var id = int.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        // the session page: seats, PINs, open, start, pause and resume
        var session = Render<SessionPage>(p => p.Add(x => x.Id, id));
        session.WaitForAssertion(() => Assert.NotEmpty(session.FindAll("#assign")));
        session.Find("#assign").Change("FORMASI-A");
        Click(session, "Tetapkan");
        session.WaitForAssertion(() => Assert.Equal("2 peserta ditetapkan.", session.Find(".notice").TextContent));
        Click(session, "Terbitkan PIN (registrasi)");
        session.WaitForAssertion(() => Assert.Equal(2, session.FindAll(".pin-sheet td.pin").Count));
        var pins = session.FindAll(".pin-sheet td.pin").ToDictionary(td => td.GetAttribute("data-pin")!, td => td.TextContent);
        Click(session, "Buka sesi (peserta dapat masuk)");
        session.WaitForAssertion(() => Assert.Equal("dibuka", session.Find("h1 .badge").TextContent), Live);
        Click(session, "Mulai ujian");
        session.WaitForAssertion(() => Assert.Equal("berlangsung", session.Find("h1 .badge").TextContent), Live);
        WithReason(session, "Jeda semua (gangguan)", "listrik padam di seluruh gedung");
        session.WaitForAssertion(() => Assert.Equal("dijeda", session.Find("h1 .badge").TextContent), Live);
        WithReason(session, "Lanjutkan semua", "listrik menyala kembali");
        session.WaitForAssertion(() => Assert.Equal("berlangsung", session.Find("h1 .badge").TextContent), Live);

        // the proctor monitor: a new PIN, then each seat action with its reason
        var monitor = Render<ProctorMonitor>(p => p.Add(x => x.Id, id));
        SeatButton(monitor, "2026-A-0001", "PIN baru").Click();
        monitor.WaitForAssertion(() => Assert.StartsWith("PIN baru 2026-A-0001", monitor.Find(".notice").TextContent, StringComparison.Ordinal));
        var newPin = monitor.Find(".notice").TextContent.Split(": ")[1][..6];
        await using var first = await Host.ConnectAsync();
        Assert.True((await LoginAsync(first, "2026-A-0001", newPin)).Ok);
        await using var second = await Host.ConnectAsync();
        Assert.True((await LoginAsync(second, "2026-A-0002", pins["2026-A-0002"])).Ok);
        SeatAct(monitor, "2026-A-0001", "Jeda", "peserta sakit, ke ruang kesehatan");
        SeatAct(monitor, "2026-A-0001", "Lanjutkan", "peserta kembali ke kursi");
        SeatAct(monitor, "2026-A-0001", "+ Waktu", "terminal T-01 mati 7 menit");
        SeatAct(monitor, "2026-A-0001", "Akhiri", "peserta meminta selesai lebih awal");
        SeatAct(monitor, "2026-A-0002", "Pindah terminal", "terminal T-02 rusak, pindah kursi");
        SeatAct(monitor, "2026-A-0002", "Diskualifikasi", "joki tertangkap di ruang ujian");

        // the end
        WithReason(session, "Akhiri sesi", "waktu ujian sesi habis");
        session.WaitForAssertion(() => Assert.Equal("selesai", session.Find("h1 .badge").TextContent), Live);

        await using var db = Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == User).OrderBy(e => e.Id).ToListAsync(Ct);
        string[] expected =
        [
            AuditActions.Import.Formations, AuditActions.Import.Candidates, AuditActions.Session.Created, AuditActions.Session.CandidatesAssigned,
            AuditActions.Pin.Issued, AuditActions.Session.Opened, AuditActions.Session.Started, AuditActions.Session.Paused, AuditActions.Session.Resumed,
            AuditActions.Attempt.Paused, AuditActions.Attempt.Resumed, AuditActions.Attempt.TimeGranted, AuditActions.Attempt.ForceFinished,
            AuditActions.Attempt.TerminalReleased, AuditActions.Attempt.Disqualified, AuditActions.Session.Ended,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), entries.Select(e => e.Action).Distinct().Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.True(e.Address == StaffAddress, $"{e.Action} {e.Subject}: address '{e.Address}'"));
    }

    private static void Click<T>(IRenderedComponent<T> page, string text) where T : IComponent =>
        page.WaitForElements("button").Single(b => b.TextContent.Trim() == text).Click();

    private static void WithReason<T>(IRenderedComponent<T> page, string button, string reason) where T : IComponent
    {
        Click(page, button);
        page.WaitForElement(".reason-panel #reason-text", Live).Input(reason);
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".reason-panel")), Live);
    }

    private static IElement SeatButton(IRenderedComponent<ProctorMonitor> page, string number, string text)
    {
        IElement? button = null;
        page.WaitForAssertion(() => button = page.Find($"article.seat[data-participant='{number}']").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text), Live);
        return button!;
    }

    private static void SeatAct(IRenderedComponent<ProctorMonitor> page, string number, string button, string reason)
    {
        SeatButton(page, number, button).Click();
        page.WaitForElement(".reason-panel #reason-text", Live).Input(reason);
        page.Find(".reason-panel button.primary").Click();
        page.WaitForAssertion(() => Assert.EndsWith($"selesai untuk {number}.", page.Find(".notice").TextContent, StringComparison.Ordinal), Live);
    }
}
