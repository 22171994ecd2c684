using System.Text.Json;
using AngleSharp.Dom;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Bunit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Console;

/// <summary>
/// The live proctor monitor on the real <see cref="SeatMonitor"/>: a candidate at a real terminal
/// connection (the exam hub over loopback) answers, and the rendered grid follows.
/// </summary>
public sealed class ProctorMonitorTests : ConsoleTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private IRenderedComponent<ProctorMonitor> Open(int id, string user, string role, params string[] venues)
    {
        SignIn(user, role, venues);
        var page = Render<ProctorMonitor>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.DoesNotContain("Memuat", page.Markup, StringComparison.Ordinal));
        return page;
    }

    private static IElement Seat(IRenderedComponent<ProctorMonitor> page, string number) =>
        page.Find($"article.seat[data-participant='{number}']");

    private static string StateOf(IRenderedComponent<ProctorMonitor> page, string number) =>
        Seat(page, number).QuerySelector("[data-state]")!.GetAttribute("data-state")!;

    private static IElement SeatButton(IRenderedComponent<ProctorMonitor> page, string number, string text) =>
        Seat(page, number).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text);

    // the monitor also renders from other threads (the countdown tick, board pushes), so a click's render may land a moment later
    private static void RefusedForReason(IRenderedComponent<ProctorMonitor> page) =>
        page.WaitForAssertion(() => Assert.Equal(SessionAdmin.ReasonRequired, page.Find(".reason-panel [role=alert]").TextContent));

    private static Task<SaveReply> Answer(HubConnection terminal, int position, int slot, long seq) =>
        terminal.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(position, slot, seq), Xunit.TestContext.Current.CancellationToken);

    [Fact]
    public async Task Shows_each_seat_and_follows_a_candidate_logging_in_and_answering()
    {
        var (id, people) = await Host.SeedSessionAsync(2);
        var page = Open(id, "panitia1", StaffRoles.Panitia);

        Assert.Equal([people[0].Number, people[1].Number], page.FindAll("article.seat").Select(a => a.GetAttribute("data-participant")));
        Assert.All(people, p => Assert.Equal(nameof(SeatState.NotLoggedIn), StateOf(page, p.Number)));
        Assert.Contains("Belum masuk: 2", page.Find(".summary").TextContent, StringComparison.Ordinal);

        await using var terminal = await Host.ConnectAsync();
        var login = await LoginAsync(terminal, people[0].Number, people[0].Pin);
        Assert.True(login.Ok, login.Message);
        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Answering), StateOf(page, people[0].Number)), Live);
        Assert.Equal("0", Seat(page, people[0].Number).QuerySelector("[data-answered]")!.TextContent);
        Assert.Contains("/ 110 terjawab", Seat(page, people[0].Number).TextContent, StringComparison.Ordinal);

        Assert.True((await Answer(terminal, 0, 1, 1)).Ok);
        Assert.True((await Answer(terminal, 5, 3, 2)).Ok);

        page.WaitForAssertion(() => Assert.Equal("2", Seat(page, people[0].Number).QuerySelector("[data-answered]")!.TextContent), Live);
        Assert.Contains("Mengerjakan: 1", page.Find(".summary").TextContent, StringComparison.Ordinal);
        Assert.Equal(nameof(SeatState.NotLoggedIn), StateOf(page, people[1].Number));

        // the terminal drops: the seat turns to disconnected
        await terminal.StopAsync(Ct);
        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Disconnected), StateOf(page, people[0].Number)), Live);
    }

    [Fact]
    public async Task Granting_time_needs_a_reason_moves_the_deadline_and_writes_the_reason_to_the_audit_log()
    {
        var (id, people) = await Host.SeedSessionAsync(1);
        var attemptId = people[0].AttemptId;
        await using var terminal = await Host.ConnectAsync();
        Assert.True((await LoginAsync(terminal, people[0].Number, people[0].Pin)).Ok);
        DateTimeOffset before;
        await using (var db = Db())
        {
            before = (await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, Ct)).Deadline!.Value;
        }
        var page = Open(id, "pengawas1", StaffRoles.Pengawas, "Ruang uji");
        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Answering), StateOf(page, people[0].Number)), Live);

        await page.InvokeAsync(() => SeatButton(page, people[0].Number, "+ Waktu").Click());
        Assert.Contains("Tambah waktu · kursi", page.WaitForElement("#reason-title").TextContent, StringComparison.Ordinal);
        Assert.Contains("selected", Seat(page, people[0].Number).ClassList);
        await page.InvokeAsync(() => page.Find("#reason-minutes").Change("7"));
        await page.InvokeAsync(() => page.Find(".reason-panel button.primary").Click());
        RefusedForReason(page);
        await using (var db = Db())
        {
            Assert.Equal(before, (await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, Ct)).Deadline);
        }

        await page.InvokeAsync(() => page.Find("#reason-text").Input("  terminal T-01 mati 7 menit  "));
        await page.InvokeAsync(() => page.Find(".reason-panel button.primary").Click());

        page.WaitForAssertion(() => Assert.Equal($"Tambah waktu: selesai untuk {people[0].Number}.", page.Find(".notice").TextContent));
        Assert.Empty(page.FindAll(".reason-panel"));
        await using (var db = Db())
        {
            var attempt = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, Ct);
            Assert.Equal(before + TimeSpan.FromMinutes(7), attempt.Deadline);
            Assert.Equal(7, attempt.ExtraMinutes);
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "attempt.time_granted", Ct);
            Assert.Equal(("pengawas1", $"attempt:{attemptId}"), (audit.Actor, audit.Subject));
            using var details = JsonDocument.Parse(audit.Details!);
            Assert.Equal(7, details.RootElement.GetProperty("minutes").GetInt32());
            Assert.Equal("terminal T-01 mati 7 menit", details.RootElement.GetProperty("reason").GetString());
        }
        page.WaitForAssertion(() => Assert.Contains("(+7 menit)", Seat(page, people[0].Number).TextContent, StringComparison.Ordinal), Live);
    }

    [Fact]
    public async Task Pausing_one_seat_is_shown_on_the_grid_and_resuming_needs_its_own_reason()
    {
        var (id, people) = await Host.SeedSessionAsync(1);
        await using var terminal = await Host.ConnectAsync();
        Assert.True((await LoginAsync(terminal, people[0].Number, people[0].Pin)).Ok);
        var page = Open(id, "panitia1", StaffRoles.Panitia);
        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Answering), StateOf(page, people[0].Number)), Live);

        await page.InvokeAsync(() => SeatButton(page, people[0].Number, "Jeda").Click());
        page.WaitForElement("#reason-text");
        await page.InvokeAsync(() => page.Find("#reason-text").Input("peserta sakit, ke ruang kesehatan"));
        await page.InvokeAsync(() => page.Find(".reason-panel button.primary").Click());

        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Paused), StateOf(page, people[0].Number)), Live);
        await page.InvokeAsync(() => SeatButton(page, people[0].Number, "Lanjutkan").Click());
        page.WaitForElement(".reason-panel button.primary");
        await page.InvokeAsync(() => page.Find(".reason-panel button.primary").Click());
        RefusedForReason(page);
        await page.InvokeAsync(() => page.Find("#reason-text").Input("peserta kembali ke kursi"));
        await page.InvokeAsync(() => page.Find(".reason-panel button.primary").Click());
        page.WaitForAssertion(() => Assert.Equal(nameof(SeatState.Answering), StateOf(page, people[0].Number)), Live);
    }

    [Fact]
    public async Task A_proctor_of_another_venue_sees_not_found_and_cannot_act()
    {
        var (id, people) = await Host.SeedSessionAsync(1);
        var page = Open(id, "pengawas2", StaffRoles.Pengawas, OtherVenue);

        Assert.Equal("Sesi tidak ditemukan atau di luar lokasi Anda.", page.Find("[role=status]").TextContent);
        Assert.Empty(page.FindAll("article.seat"));
        Assert.Empty(page.FindAll("button"));
        Assert.DoesNotContain(people[0].Number, page.Markup, StringComparison.Ordinal);

        // and the service behind the buttons refuses that proctor's scope too
        var scope = new StaffScope("pengawas2", new HashSet<string>([OtherVenue]), false);
        var grant = await Admin.SeatActionAsync(people[0].AttemptId, SeatAction.Grant, "alasan yang cukup panjang", 10, scope, Ct);
        Assert.Equal(["Peserta tidak ditemukan atau di luar lokasi Anda."], grant.Errors);
        Assert.Null(await Admin.IssuePinAsync(people[0].AttemptId, scope, Ct));
        await using var db = Db();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Actor == "pengawas2", Ct));
    }
}
