using System.Net.WebSockets;
using System.Text;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Guard;
using AsnCat.Server.Identity;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Hostile;

/// <summary>
/// Fuzzed and abusive calls on /hubs/exam and /hubs/live over a real server: each ends in a clear
/// (Indonesian) error, one audit entry per kind and connection, and no stored change.
/// </summary>
public sealed class HostileHubTests() : KestrelHostTest(recordHubFrames: false)
{
    private static Task<LoginReply> Login(HubConnection c, string number, string pin, string terminal = "T-01") =>
        c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, terminal), Ct);

    private async Task<string> DigestAsync()
    {
        await using var db = Host.Db();
        return await DbDigest.OfAsync(db);
    }

    /// <summary>The audit entries about one connection, waited for (the guard writes through the writer's queue).</summary>
    private async Task<List<AuditEntry>> ConnectionAuditAsync(string connectionId, Func<List<AuditEntry>, bool> done)
    {
        var subject = "connection:" + connectionId;
        for (var i = 0; ; i++)
        {
            await using var db = Host.Db();
            var entries = await db.AuditEntries.Where(a => a.Subject == subject).OrderBy(a => a.Id).ToListAsync(Ct);
            if (done(entries) || i == 250)
            {
                return entries;
            }
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>What a client reads when a hub method refuses with a <see cref="HubException"/> (SignalR's prefix, then our message).</summary>
    private static string Refusal(string method, string message) => $"An unexpected error occurred invoking '{method}' on the server. HubException: {message}";

    private static string WrongPin(string pin) => pin == "000000" ? "111111" : "000000";

    [Fact]
    public async Task Unknown_methods_and_wrong_arguments_are_refused_in_Indonesian_audited_once_per_kind_and_change_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        Assert.True((await Login(c, people[0].Number, people[0].Pin)).Ok);
        var before = await DigestAsync();

        for (var i = 0; i < 3; i++)
        {
            var unknown = await Assert.ThrowsAsync<HubException>(() => c.InvokeAsync<object>("DropAllAnswers", 1, Ct));
            Assert.EndsWith("HubException: Metode 'DropAllAnswers' tidak dikenal oleh server.", unknown.Message, StringComparison.Ordinal);
        }
        var wrongCount = await Assert.ThrowsAsync<HubException>(() => c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(0, 1, 1), 2, Ct));
        Assert.EndsWith("HubException: Argumen untuk 'SaveAnswer' salah jenis atau salah jumlah.", wrongCount.Message, StringComparison.Ordinal);
        // a request of the wrong shape is answered, not thrown: InvalidRequest, naming what is wrong
        var wrongType = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), "A", Ct);
        Assert.Equal((ExamError.InvalidRequest, "Permintaan SaveAnswer tidak valid: permintaan harus berupa objek dengan kolom position, slot, seq. Tidak ada yang disimpan."), (wrongType.Error, wrongType.Message));
        var wrongShape = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new { Position = "satu", Slot = 1, Seq = 2 }, Ct);
        Assert.Equal((ExamError.InvalidRequest, "Permintaan SaveAnswer tidak valid: kolom 'position' harus bilangan bulat, bukan teks. Tidak ada yang disimpan."), (wrongShape.Error, wrongShape.Message));
        var missing = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), null, Ct);
        Assert.Equal((ExamError.InvalidRequest, "Permintaan SaveAnswer tidak valid: permintaan kosong (null). Tidak ada yang disimpan."), (missing.Error, missing.Message));
        var missingLogin = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), null, Ct);
        Assert.Equal((false, ExamError.InvalidRequest), (missingLogin.Ok, missingLogin.Error));

        // fields out of range reach the exam rules and are refused there, each with its reason
        var cases = new (SaveAnswerRequest Request, ExamError Error, string Message)[]
        {
            (new(-1, 0, 1), ExamError.InvalidPosition, "Nomor soal 0 tidak ada dalam perangkat soal Anda."),
            (new(110, 0, 2), ExamError.InvalidPosition, "Nomor soal 111 tidak ada dalam perangkat soal Anda."),
            (new(0, 5, 3), ExamError.InvalidOption, "Pilihan 5 di luar A-E."),
            (new(0, -1, 4), ExamError.InvalidOption, "Pilihan -1 di luar A-E."),
            (new(0, 0, 0), ExamError.InvalidRequest, "Permintaan SaveAnswer tidak valid: kolom 'seq' harus bilangan bulat 1..9007199254740991. Tidak ada yang disimpan."),
            (new(0, 0, -9), ExamError.InvalidRequest, "Permintaan SaveAnswer tidak valid: kolom 'seq' harus bilangan bulat 1..9007199254740991. Tidak ada yang disimpan."),
        };
        foreach (var (request, error, message) in cases)
        {
            var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), request, Ct);
            Assert.False(reply.Ok);
            Assert.False(reply.Applied);
            Assert.Equal(error, reply.Error);
            Assert.Equal(message, reply.Message);
        }
        var doubt = await c.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), new MarkDoubtfulRequest(int.MinValue, true, 1), Ct);
        Assert.Equal(ExamError.InvalidPosition, doubt.Error);

        // the connection is still usable for honest calls, and nothing stored changed
        Assert.Equal(ExamPhase.Running, (await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Clock!.Phase);
        Assert.Equal(before, await DigestAsync());

        var id = c.ConnectionId!;
        var first = await ConnectionAuditAsync(id, e => e.Count >= 3);
        Assert.Equal(["hub.unknown_method", "hub.bad_arguments", "hub.invalid_request"], first.Select(e => e.Action));
        Assert.All(first, e => Assert.Equal(people[0].Number, e.Actor));
        Assert.Contains("\"method\":\"DropAllAnswers\"", first[0].Details, StringComparison.Ordinal);
        await using (var db = Host.Db())
        {
            // the two malformed seqs never reached the exam rules; the other five and the mark did
            Assert.Equal(5, await db.AuditEntries.CountAsync(a => a.Action == "answer.refused" || a.Action == "doubtful.refused", Ct));
        }

        await c.StopAsync(Ct);
        var all = await ConnectionAuditAsync(id, e => e.Count >= 4);
        var summary = Assert.Single(all, e => e.Action == "hub.misuse_summary");
        Assert.Contains("\"counts\":{", summary.Details, StringComparison.Ordinal);
        Assert.Contains("\"hub.unknown_method\":3", summary.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("\"hub.bad_arguments\"", summary.Details, StringComparison.Ordinal);
        Assert.Contains("\"hub.invalid_request\":6", summary.Details, StringComparison.Ordinal);
        Assert.Equal(4, all.Count);
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Calls_before_login_a_forged_token_and_a_second_terminal_are_refused_audited_and_change_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var holder = await Host.ConnectAsync();
        Assert.True((await Login(holder, people[0].Number, people[0].Pin)).Ok);
        var before = await DigestAsync();

        await using var c = await Host.ConnectAsync();
        var save = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(0, 1, 1), Ct);
        Assert.Equal((false, ExamError.NotLoggedIn, "Terminal belum masuk. Silakan masuk dengan nomor peserta dan PIN."), (save.Ok, save.Error, save.Message));
        var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        Assert.Equal((false, ExamError.NotLoggedIn), (finish.Ok, finish.Error));
        // every expected refusal is a reply, the clock's too (it was an exception with an English prefix)
        var clock = await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct);
        Assert.Equal((false, ExamError.NotLoggedIn, "Terminal belum masuk. Silakan masuk dengan nomor peserta dan PIN.", (ClockView?)null), (clock.Ok, clock.Error, clock.Message, clock.Clock));

        var forged = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest("dGlkYWstc2FoLXRva2VuLWluaS1kaXBhbHN1a2Fu", null), Ct);
        Assert.Equal((false, ExamError.NotLoggedIn, "Sesi terminal tidak berlaku lagi. Silakan masuk dengan nomor peserta dan PIN."), (forged.Ok, forged.Error, forged.Message));
        Assert.Null(forged.Token);
        var second = await Login(c, people[0].Number, people[0].Pin, "T-99");
        Assert.Equal((false, ExamError.OtherTerminalActive), (second.Ok, second.Error));
        Assert.Equal("Peserta ini sedang aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.", second.Message);
        // still not logged in: its changes go nowhere
        Assert.Equal(ExamError.NotLoggedIn, (await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(0, 1, 2), Ct)).Error);

        Assert.Equal(before, await DigestAsync());
        await using var db = Host.Db();
        var actions = await db.AuditEntries.Where(a => a.Action.EndsWith(".refused") && !a.Action.StartsWith("hub.")).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Details).ToListAsync(Ct);
        Assert.Equal(5, actions.Count);
        Assert.StartsWith("answer.refused {\"reason\":\"not_logged_in\"", actions[0], StringComparison.Ordinal);
        Assert.StartsWith("finish.refused {\"reason\":\"not_logged_in\"", actions[1], StringComparison.Ordinal);
        Assert.Equal("reattach.refused ", actions[2]);
        Assert.Equal("login.refused {\"reason\":\"other_terminal_active\",\"terminal\":\"T-99\"}", actions[3]);
        Assert.StartsWith("answer.refused {\"reason\":\"not_logged_in\"", actions[4], StringComparison.Ordinal);
        // every refusal was a reply: the guard saw no misuse on this connection
        Assert.Empty(await ConnectionAuditAsync(c.ConnectionId!, _ => false));
    }

    [Fact]
    public async Task Kilobytes_typed_as_a_participant_number_or_a_terminal_name_are_refused_naming_the_field_and_store_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        // just under the 16 KiB message limit together
        var longNumber = await Login(c, new string('9', 7_000), "123456", new string('T', 7_000));
        Assert.Equal((ExamError.InvalidRequest, "Permintaan Login tidak valid: kolom 'participantNumber' paling panjang 64 karakter. Tidak ada yang disimpan."), (longNumber.Error, longNumber.Message));
        var longName = await Login(c, people[0].Number, people[0].Pin, new string('N', 14_000));
        Assert.Equal((ExamError.InvalidRequest, "Permintaan Login tidak valid: kolom 'terminalName' paling panjang 100 karakter. Tidak ada yang disimpan."), (longName.Error, longName.Message));
        await using (var db = Host.Db())
        {
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Action.StartsWith("login."), Ct));
            Assert.Null(await db.Attempts.Where(a => a.Id == people[0].AttemptId).Select(a => a.TokenHash).SingleAsync(Ct));
        }

        Assert.True((await Login(c, people[0].Number, people[0].Pin, new string('N', 100))).Ok);
        await using var check = Host.Db();
        var ok = await check.AuditEntries.SingleAsync(a => a.Action == "login.ok", Ct);
        Assert.Equal($"{{\"terminal\":\"{new string('N', 100)}\"}}", ok.Details);
        Assert.Equal(new string('N', 100), await check.Attempts.Where(a => a.Id == people[0].AttemptId).Select(a => a.TerminalId).SingleAsync(Ct));
        var guard = await ConnectionAuditAsync(c.ConnectionId!, e => e.Count >= 1);
        Assert.Equal("hub.invalid_request", Assert.Single(guard).Action);
    }

    [Fact]
    public async Task A_position_far_out_of_range_is_refused_naming_that_position()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        Assert.True((await Login(c, people[0].Number, people[0].Pin)).Ok);

        var reply = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(int.MaxValue, 0, 1), Ct);

        Assert.Equal(ExamError.InvalidPosition, reply.Error);
        // position + 1 must not overflow into "Nomor soal -2147483648"
        Assert.Equal("Nomor soal 2147483648 tidak ada dalam perangkat soal Anda.", reply.Message);
    }

    [Fact]
    public async Task An_oversized_message_closes_the_connection_with_a_clear_reason_and_is_audited()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var before = await DigestAsync();
        await using var c = await Host.ConnectAsync();
        var id = c.ConnectionId!;
        var closed = new TaskCompletionSource<Exception?>();
        c.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<Exception>(() => Login(c, people[0].Number, people[0].Pin, new string('X', 17 * 1024)));
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.NotNull(reason);
        Assert.EndsWith("HubException: Pesan melebihi batas 16384 byte; koneksi ditutup.", reason.Message, StringComparison.Ordinal);

        var audit = await ConnectionAuditAsync(id, e => e.Count >= 1);
        var entry = Assert.Single(audit);
        Assert.Equal(("hub.oversized", "anonim"), (entry.Action, entry.Actor));
        Assert.Contains("\"limit\":16384", entry.Details, StringComparison.Ordinal);
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task The_live_hub_refuses_oversized_and_unknown_calls_with_its_own_1_KiB_limit()
    {
        await using var live = new HubConnectionBuilder().WithUrl(Host.Url + LiveHubContract.Path).Build();
        await live.StartAsync(Ct);
        var before = await DigestAsync();
        var unknown = await Assert.ThrowsAsync<HubException>(() => live.InvokeAsync<object>("Publish", "x", Ct));
        Assert.EndsWith("Metode 'Publish' tidak dikenal oleh server.", unknown.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<HubException>(() => live.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), "", Ct));
        Assert.Equal(Refusal("WatchSession", "Kode sesi kosong atau terlalu panjang."), empty.Message);

        var id = live.ConnectionId!;
        var closed = new TaskCompletionSource<Exception?>();
        live.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await Assert.ThrowsAnyAsync<Exception>(() => live.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), new string('S', 2000), Ct));
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.EndsWith("HubException: Pesan melebihi batas 1024 byte; koneksi ditutup.", reason!.Message, StringComparison.Ordinal);

        var audit = await ConnectionAuditAsync(id, e => e.Count >= 2);
        Assert.Equal(["hub.unknown_method", "hub.oversized"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Contains("\"hub\":\"LiveHub\"", e.Details, StringComparison.Ordinal));
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Unreadable_bytes_close_the_connection_with_a_clear_reason_and_are_audited()
    {
        var before = await DigestAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(Host.Url.Replace("http://", "ws://", StringComparison.Ordinal) + ExamHub.Path), Ct);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e");
        Assert.Equal("{}\u001e", await ReceiveAsync(socket));
        await SendAsync(socket, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Login\",\"arguments\":[{\"participantNumber\":'; DROP TABLE Attempts;--\u001e");
        var close = await ReceiveAsync(socket);
        Assert.StartsWith("{\"type\":7,\"error\":\"Connection closed with an error. HubException: Pesan tidak dapat dibaca oleh server; koneksi ditutup.\"", close, StringComparison.Ordinal);

        await using var db = Host.Db();
        for (var i = 0; i < 250 && !await db.AuditEntries.AnyAsync(a => a.Action == "hub.malformed", Ct); i++)
        {
            await Task.Delay(20, Ct);
        }
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "hub.malformed", Ct);
        Assert.Equal("anonim", entry.Actor);
        Assert.Equal("127.0.0.1", entry.Address);
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task One_address_opening_connection_after_connection_fills_only_its_share_of_the_audit_log()
    {
        for (var i = 0; i < 105; i++)
        {
            await using var live = new HubConnectionBuilder().WithUrl(Host.Url + LiveHubContract.Path).Build();
            await live.StartAsync(Ct);
            await Assert.ThrowsAsync<HubException>(() => live.InvokeAsync<object>("Publish", i, Ct));
        }
        // the writer commits in order: once this no-op is through, every entry queued before it is stored
        await Host.Services.GetRequiredService<ExamWriter>().RunAsync(_ => Task.FromResult(true), () => false);

        await using var db = Host.Db();
        Assert.Equal(100, await db.AuditEntries.CountAsync(a => a.Action == "hub.unknown_method" && a.Address == "127.0.0.1", Ct));
    }

    [Fact]
    public async Task A_flood_is_refused_beyond_the_burst_refills_with_time_and_a_persistent_one_is_cut_off()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        var id = c.ConnectionId!;
        Assert.True((await Login(c, people[0].Number, people[0].Pin)).Ok);
        // a reconnecting terminal resends its whole queue (110 changes) at once: never limited
        for (var p = 0; p < 110; p++)
        {
            Assert.True((await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(p, p % 5, p + 1), Ct)).Ok);
        }
        for (var i = 0; i < 300 - 1 - 110; i++)
        {
            Assert.True((await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Ok);
        }
        var refused = await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct);
        Assert.Equal((false, ExamError.RateLimited, HubGuard.RateLimitedMessage), (refused.Ok, refused.Error, refused.Message));
        var refusedSave = await c.InvokeAsync<SaveReply>(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(0, 4, 500), Ct);
        Assert.Equal((false, false, ExamError.RateLimited, HubGuard.RateLimitedMessage), (refusedSave.Ok, refusedSave.Applied, refusedSave.Error, refusedSave.Message));

        Time.Advance(TimeSpan.FromSeconds(1)); // 20 calls a second come back
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Ok);
        }
        Assert.Equal(ExamError.RateLimited, (await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct)).Error);

        await using (var db = Host.Db())
        {
            var attemptId = people[0].AttemptId;
            Assert.Equal(110, await db.AnswerEvents.CountAsync(e => e.AttemptId == attemptId, Ct));
            Assert.Equal(1, await db.Answers.Where(a => a.AttemptId == attemptId && a.Position == 0).Select(a => a.Seq).SingleAsync(Ct)); // the refused change (seq 500) is not there
        }

        var closed = new TaskCompletionSource<Exception?>();
        c.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        // it goes on: the 50th refusal in a row cuts the connection (whether that call's own refusal
        // still reaches the client races with the close; the server's count below is exact)
        var refusals = 1;
        for (var i = 0; i < 200 && !closed.Task.IsCompleted; i++)
        {
            try
            {
                var reply = await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct);
                Assert.Equal((false, ExamError.RateLimited, HubGuard.RateLimitedMessage), (reply.Ok, reply.Error, reply.Message));
                refusals++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                break;
            }
        }
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.InRange(refusals, 49, 50);

        var audit = await ConnectionAuditAsync(id, e => e.Any(x => x.Action == "hub.misuse_summary"));
        Assert.Equal(["hub.rate_limited", "hub.aborted", "hub.misuse_summary"], audit.Select(e => e.Action));
        Assert.Contains("\"reason\":\"rate_limited\",\"refused\":50", audit[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"hub.rate_limited\":52", audit[2].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_connection_guessing_PINs_across_many_numbers_is_stopped_after_ten_failures_and_audited()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(4);
        await using var c = await Host.ConnectAsync();
        var replies = new List<LoginReply>();
        foreach (var person in people.Take(3))
        {
            for (var i = 0; i < 4; i++)
            {
                replies.Add(await Login(c, person.Number, WrongPin(person.Pin)));
            }
        }
        Assert.All(replies.Take(10), r => Assert.Equal(ExamError.WrongPin, r.Error));
        Assert.All(replies.Skip(10), r => Assert.Equal((ExamError.LockedOut, HubGuard.LoginThrottledMessage), (r.Error, r.Message)));
        // even the right PIN of an untouched candidate is refused on this connection
        var right = await Login(c, people[3].Number, people[3].Pin);
        Assert.Equal((false, ExamError.LockedOut, HubGuard.LoginThrottledMessage), (right.Ok, right.Error, right.Message));
        var reattach = await c.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest("x", null), Ct);
        Assert.Equal(HubGuard.LoginThrottledMessage, reattach.Message);

        await using (var db = Host.Db())
        {
            Assert.Equal(10, await db.AuditEntries.CountAsync(a => a.Action == "login.wrong_pin", Ct));
            Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "login.locked", Ct));
            // the refused tries never reached the candidates: the third has only its first two failures
            Assert.Equal([4, 4, 2, 0], await db.Attempts.Where(a => a.ExamSessionId == sessionId)
                .OrderBy(a => a.Id).Select(a => a.FailedPinCount).ToListAsync(Ct));
        }
        var audit = await ConnectionAuditAsync(c.ConnectionId!, e => e.Count >= 1);
        var throttled = Assert.Single(audit);
        Assert.Equal("login.throttled", throttled.Action);
        Assert.Contains("\"scope\":\"connection\",\"failures\":10", throttled.Details, StringComparison.Ordinal);

        // a new connection is not affected: the address is still under its own budget (50)
        await using var honest = await Host.ConnectAsync();
        Assert.True((await Login(honest, people[3].Number, people[3].Pin)).Ok);
    }

    [Fact]
    public async Task One_address_spreading_failed_logins_over_many_connections_is_stopped_until_the_window_passes()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var before = await DigestAsync();
        var connections = new List<HubConnection>();
        try
        {
            for (var k = 0; k < 5; k++)
            {
                var c = await Host.ConnectAsync();
                connections.Add(c);
                for (var i = 0; i < 10; i++)
                {
                    var r = await Login(c, $"TEBAK-{k}-{i}", "123456");
                    Assert.Equal(ExamError.SessionNotOpen, r.Error);
                }
            }
            var fresh = await Host.ConnectAsync();
            connections.Add(fresh);
            var refused = await Login(fresh, people[0].Number, people[0].Pin);
            Assert.Equal((false, ExamError.LockedOut, HubGuard.LoginThrottledMessage), (refused.Ok, refused.Error, refused.Message));
            Assert.Equal(before, await DigestAsync());
            var audit = await ConnectionAuditAsync(fresh.ConnectionId!, e => e.Count >= 1);
            Assert.Contains("\"scope\":\"address\"", Assert.Single(audit).Details, StringComparison.Ordinal);
            await using (var db = Host.Db())
            {
                Assert.Equal(50, await db.AuditEntries.CountAsync(a => a.Action == "login.refused", Ct));
            }

            Time.Advance(TimeSpan.FromMinutes(15));
            Assert.True((await Login(fresh, people[0].Number, people[0].Pin)).Ok);
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Terminals_of_one_venue_each_have_their_own_address_though_their_circuits_all_call_from_loopback()
    {
        // every terminal's hub calls come from its circuit on this machine; each names its browser
        var (_, people) = await Host.SeedSessionAsync(1);
        var connections = new List<HubConnection>();
        try
        {
            for (var k = 0; k < 5; k++)
            {
                var c = new HubConnectionBuilder().WithUrl(Host.Url + ExamHub.Path, o => o.Headers["X-Forwarded-For"] = "10.0.0.1").Build();
                await c.StartAsync(Ct);
                connections.Add(c);
                for (var i = 0; i < 10; i++)
                {
                    Assert.Equal(ExamError.SessionNotOpen, (await Login(c, $"TEBAK-{k}-{i}", "123456")).Error);
                }
            }

            // the guessing terminal has spent its address's budget; the candidate next to it has not
            await using var other = new AsnCat.ExamClient.Terminal.SignalRExamTransport(
                new Uri(Host.Url + ExamHub.Path), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AsnCat.ExamClient.Terminal.SignalRExamTransport>.Instance, "10.0.0.2");
            await other.StartAsync(Ct);
            var login = await other.Login(new LoginRequest(people[0].Number, people[0].Pin, "T-02"));
            Assert.True(login.Ok, login.Message);

            await using var db = Host.Db();
            var addresses = await db.AuditEntries.Where(a => a.Action == "login.refused" || a.Action == "login.ok")
                .GroupBy(a => new { a.Action, a.Address }).Select(g => new { g.Key.Action, g.Key.Address, Count = g.Count() }).ToListAsync(Ct);
            Assert.Equal([("login.ok", "10.0.0.2", 1), ("login.refused", "10.0.0.1", 50)],
                addresses.Select(a => (a.Action, a.Address, a.Count)).OrderBy(a => a.Action, StringComparer.Ordinal).ToList());
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Five_wrong_PINs_lock_the_candidate_even_across_connections_and_the_lock_is_audited()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var wrong = WrongPin(people[0].Pin);
        for (var k = 0; k < 5; k++)
        {
            await using var c = await Host.ConnectAsync();
            var r = await Login(c, people[0].Number, wrong);
            Assert.Equal(k < 4 ? ExamError.WrongPin : ExamError.LockedOut, r.Error);
        }
        await using var last = await Host.ConnectAsync();
        var locked = await Login(last, people[0].Number, people[0].Pin);
        Assert.Equal((false, ExamError.LockedOut, "Terlalu banyak PIN salah. Coba lagi dalam 5 menit atau hubungi pengawas."), (locked.Ok, locked.Error, locked.Message));
        await using var db = Host.Db();
        var subject = $"attempt:{people[0].AttemptId}";
        var actions = await db.AuditEntries.Where(a => a.Subject == subject && a.Action.StartsWith("login.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["login.wrong_pin", "login.wrong_pin", "login.wrong_pin", "login.wrong_pin", "login.locked", "login.refused"], actions);
        Assert.Equal("{\"failures\":5,\"minutes\":5}", await db.AuditEntries.Where(a => a.Action == "login.locked").Select(a => a.Details).SingleAsync(Ct));
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Ct);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }
}
