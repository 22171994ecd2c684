using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Console;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Identity;
using AsnCat.Tool.Banks;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Exam;

/// <summary>The exam hub over a real Kestrel server on loopback, driven by the .NET SignalR client.</summary>
public sealed class ExamHubTests() : KestrelHostTest()
{
    private static Task<LoginReply> Login(HubConnection c, string number, string pin, string terminal = "T-01") =>
        c.InvokeAsync<LoginReply>(nameof(IExamHub.Login), new LoginRequest(number, pin, terminal), Ct);

    private static Task<SaveReply> Doubt(HubConnection c, int position, bool doubtful, long seq) =>
        c.InvokeAsync<SaveReply>(nameof(IExamHub.MarkDoubtful), new MarkDoubtfulRequest(position, doubtful, seq), Ct);

    [Fact]
    public async Task A_finished_candidate_whose_terminal_comes_back_leaves_no_presence_behind()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var monitor = Host.Services.GetRequiredService<Server.Console.SeatMonitor>();
        string token;
        await using (var c = await Host.ConnectAsync())
        {
            token = (await Login(c, people[0].Number, people[0].Pin)).Token!;
            Assert.True((await KestrelHost.SaveAsync(c, 0, 1, 1)).Ok);
            Assert.True((await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct)).Ok);
        }
        await WaitUntilAsync(() => Task.FromResult(monitor.PresenceCount == 0));

        // the terminal's page reloads to show the result, then the candidate leaves for good
        var back = await Host.ConnectAsync();
        var view = (await back.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(token, null), Ct)).Exam!;
        Assert.Equal(ExamPhase.Finished, view.Phase);
        Assert.Equal(1, monitor.PresenceCount);
        await back.DisposeAsync();
        await WaitUntilAsync(() => Task.FromResult(monitor.PresenceCount == 0));
    }

    [Fact]
    public async Task When_the_server_begins_to_stop_a_terminal_closes_its_connection_for_good_instead_of_reconnecting()
    {
        // a terminal that reconnected while the server stopped would hold the shutdown open until its timeout
        var lifetime = Host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        await using var transport = new AsnCat.ExamClient.Terminal.SignalRExamTransport(new Uri(Host.Url + ExamHub.Path), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AsnCat.ExamClient.Terminal.SignalRExamTransport>.Instance, applicationStopping: lifetime.ApplicationStopping);
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Closed += () => Task.FromResult(outcome.TrySetResult("closed"));
        transport.Reconnecting += () => Task.FromResult(outcome.TrySetResult("reconnecting"));
        await transport.StartAsync(Ct);
        Assert.Equal(ExamError.SessionNotOpen, (await transport.Login(new LoginRequest("BELUM-ADA", "123456", "T-01"))).Error);

        lifetime.StopApplication(); // SignalR closes every connection now; Kestrel still accepts
        Assert.Equal("closed", await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task The_writers_prepared_statements_do_not_grow_with_the_size_of_a_batch()
    {
        var (_, people) = await Host.SeedSessionAsync(4);
        var terminals = new List<HubConnection>();
        foreach (var person in people)
        {
            terminals.Add(await Host.LoginAsync(person));
        }
        var writer = Host.Services.GetRequiredService<ExamWriter>();
        Assert.True((await KestrelHost.SaveAsync(terminals[0], 0, 1, 1)).Ok);
        var before = writer.CachedCommands;

        // every terminal sends a whole burst at once: the writer groups them into large batches
        var saves = terminals.SelectMany((c, t) => Enumerable.Range(1, 100).Select(p => KestrelHost.SaveAsync(c, p, p % 5, p + 1))).ToList();
        Assert.All(await Task.WhenAll(saves), r => Assert.True(r.Ok, r.Message));
        Assert.True(writer.Commits > 0);
        Assert.InRange(writer.CachedCommands, before, before + 2);
        foreach (var c in terminals)
        {
            await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task Login_delivers_the_candidates_own_set_and_the_server_clock()
    {
        var (_, people) = await Host.SeedSessionAsync(2);
        await using var c = await Host.ConnectAsync();
        var reply = await Login(c, people[0].Number, people[0].Pin);
        Assert.True(reply.Ok, reply.Message);
        var exam = reply.Exam!;
        Assert.Equal(ExamPhase.Running, exam.Phase);
        var questions = await Host.QuestionsAsync(exam);
        Assert.Equal(110, questions.Count);
        Assert.Equal(["TWK 0 30", "TIU 30 35", "TKP 65 45"], exam.Subtests.Select(s => $"{s.Code} {s.From} {s.Count}"));
        Assert.Equal(KestrelHost.T0 + TimeSpan.FromMinutes(100), exam.Clock.Deadline);
        Assert.Equal(KestrelHost.T0, exam.Clock.ServerNow);
        Assert.All(questions, q => Assert.Equal(5, q.Options.Count));
        Assert.Contains(questions, q => q.Image is not null && q.Image.Src.StartsWith(exam.Set!.ContentUrl, StringComparison.Ordinal));

        await using var other = await Host.ConnectAsync();
        var second = (await Login(other, people[1].Number, people[1].Pin)).Exam!;
        Assert.NotEqual(questions.Select(q => q.Stem), (await Host.QuestionsAsync(second)).Select(q => q.Stem));
    }

    [Fact]
    public async Task Five_wrong_PINs_lock_the_candidate_and_each_is_audited()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        var wrong = people[0].Pin == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 4; i++)
        {
            var r = await Login(c, people[0].Number, wrong);
            Assert.Equal(ExamError.WrongPin, r.Error);
            Assert.Contains($"Sisa percobaan: {5 - i}", r.Message, StringComparison.Ordinal);
        }
        Assert.Equal(ExamError.LockedOut, (await Login(c, people[0].Number, wrong)).Error);
        var locked = await Login(c, people[0].Number, people[0].Pin);
        Assert.Equal(ExamError.LockedOut, locked.Error);
        Assert.Null(locked.Token);

        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await Login(c, people[0].Number, people[0].Pin)).Ok);
        await using var db = Host.Db();
        var actions = await db.AuditEntries.Where(a => a.Subject == $"attempt:{people[0].AttemptId}").Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(4, actions.Count(a => a == "login.wrong_pin"));
        Assert.Contains("login.locked", actions);
        Assert.Contains("login.ok", actions);
    }

    [Fact]
    public async Task A_second_terminal_is_refused_until_a_proctor_releases_the_first_and_the_answers_move_along()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var p = people[0];
        await using var first = await Host.ConnectAsync();
        var released = new TaskCompletionSource<string>();
        first.On<string>(nameof(IExamClient.TerminalReleased), r => released.TrySetResult(r));
        Assert.True((await Login(first, p.Number, p.Pin, "T-01")).Ok);
        Assert.True((await KestrelHost.SaveAsync(first, 3, 2, 1)).Ok);

        await using var second = await Host.ConnectAsync();
        var refused = await Login(second, p.Number, p.Pin, "T-02");
        Assert.Equal(ExamError.OtherTerminalActive, refused.Error);
        Assert.Contains("pengawas", refused.Message, StringComparison.Ordinal);

        Assert.True(await Host.Control.ReleaseTerminalAsync(p.AttemptId, "pengawas-1", "terminal T-01 rusak"));
        Assert.Contains("terminal T-01 rusak", await released.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct), StringComparison.Ordinal);
        var moved = await Login(second, p.Number, p.Pin, "T-02");
        Assert.True(moved.Ok);
        Assert.Equal(2, moved.Exam!.Answers.Single(a => a.Position == 3).Slot);
        Assert.Equal(1, moved.Exam.LastSeq);
        Assert.Equal(ExamError.Released, (await KestrelHost.SaveAsync(first, 4, 1, 2)).Error);
    }

    [Fact]
    public async Task Saves_are_acknowledged_once_stored_idempotent_and_never_overwritten_by_an_older_sequence()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        await Login(c, people[0].Number, people[0].Pin);

        var first = await KestrelHost.SaveAsync(c, 0, 1, 5);
        Assert.True(first is { Ok: true, Applied: true, Seq: 5 });
        Assert.Equal(1, first.Current!.Slot);

        var retry = await KestrelHost.SaveAsync(c, 0, 1, 5);
        Assert.True(retry is { Ok: true, Applied: false });

        var older = await KestrelHost.SaveAsync(c, 0, 4, 3);      // arrived late: must not win
        Assert.True(older is { Ok: true, Applied: false });
        Assert.Equal(1, older.Current!.Slot);

        Assert.True((await Doubt(c, 0, true, 4)).Applied);   // marks have their own order
        var cleared = await KestrelHost.SaveAsync(c, 0, null, 6);
        Assert.True(cleared.Applied);
        Assert.Equal(new AnswerView(0, null, true), cleared.Current);

        await using var db = Host.Db();
        var events = await db.AnswerEvents.Where(e => e.AttemptId == people[0].AttemptId).OrderBy(e => e.Id).Select(e => new { e.Seq, e.Kind }).ToListAsync(Ct);
        Assert.Equal(["5 answer", "4 doubtful", "6 answer"], events.Select(e => $"{e.Seq} {e.Kind}"));
        var stored = await db.Answers.SingleAsync(a => a.AttemptId == people[0].AttemptId, Ct);
        Assert.Equal((null, true, 6L, 4L), (stored.Option, stored.Doubtful, stored.Seq, stored.DoubtfulSeq));
    }

    [Fact]
    public async Task Forged_and_out_of_range_calls_are_refused_audited_and_change_nothing()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var anonymous = await Host.ConnectAsync();
        var forged = await KestrelHost.SaveAsync(anonymous, 0, 1, 1);
        Assert.Equal(ExamError.NotLoggedIn, forged.Error);

        await using var c = await Host.ConnectAsync();
        await Login(c, people[0].Number, people[0].Pin);
        Assert.Equal(ExamError.InvalidPosition, (await KestrelHost.SaveAsync(c, 110, 1, 1)).Error);
        Assert.Equal(ExamError.InvalidPosition, (await KestrelHost.SaveAsync(c, -1, 1, 1)).Error);
        Assert.Equal(ExamError.InvalidOption, (await KestrelHost.SaveAsync(c, 0, 5, 1)).Error);
        Assert.Equal(ExamError.InvalidRequest, (await KestrelHost.SaveAsync(c, 0, 1, 0)).Error);
        Assert.Equal(ExamError.NotConfirmed, (await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(false), Ct)).Error);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => c.InvokeAsync<object>("DropTables", Ct));

        await using var db = Host.Db();
        Assert.Equal(0, await db.Answers.CountAsync(Ct));
        // the malformed seq (0) is refused before the exam rules, by the strict reader, and counted by the guard
        var refusals = await db.AuditEntries.Where(a => a.Action == "answer.refused").Select(a => a.Details).ToListAsync(Ct);
        Assert.Equal(4, refusals.Count);
        Assert.Contains(refusals, d => d!.Contains("not_logged_in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answers_after_the_deadline_are_refused_and_the_attempt_is_ended_and_scored_once()
    {
        // the background sweep is off here, so the refusal comes from the deadline check itself
        await Host.DisposeAsync();
        Host = KestrelHost.Start(Dir, Time, deadlineSweep: false);
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        await Login(c, people[0].Number, people[0].Pin);
        Assert.True((await KestrelHost.SaveAsync(c, 0, 0, 1)).Ok);
        Time.Advance(TimeSpan.FromMinutes(100));
        var late = await KestrelHost.SaveAsync(c, 1, 0, 2);
        Assert.Equal(ExamError.TimeUp, late.Error);
        Assert.False(late.Ok);

        Assert.Equal(1, await Host.Control.EndExpiredAsync());
        Assert.Equal(0, await Host.Control.EndExpiredAsync());
        Assert.Equal(ExamError.Finished, (await KestrelHost.SaveAsync(c, 1, 0, 3)).Error);
        await using var db = Host.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "attempt.finished", Ct));
    }

    [Fact]
    public async Task An_attempt_with_no_terminal_connected_is_ended_at_its_deadline_and_its_score_is_the_scoring_librarys()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        var rng = new Random(7);
        await using (var c = await Host.ConnectAsync())
        {
            await Login(c, people[0].Number, people[0].Pin);
            for (var p = 0; p < 110; p += 1 + rng.Next(2))
            {
                Assert.True((await KestrelHost.SaveAsync(c, p, rng.Next(5), p + 1)).Ok);
            }
        }
        Time.Advance(TimeSpan.FromMinutes(100) + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(async () =>
        {
            await using var db = Host.Db();
            return (await db.Attempts.SingleAsync(a => a.Id == people[0].AttemptId, Ct)).State == AttemptState.Finished;
        });

        await using var check = Host.Db();
        var attempt = await check.Attempts.SingleAsync(a => a.Id == people[0].AttemptId, Ct);
        var answers = await check.Answers.Where(a => a.AttemptId == attempt.Id).ToListAsync(Ct);
        Assert.Equal("deadline", attempt.EndedBy);

        // independently: the bank from the repository, the stored set text and the stored answers
        var rules = new RulesCatalog(TestPaths.QuestionBanks);
        var bank = BankLoader.Load(TestPaths.SampleBank, rules.Blueprint).Bank!;
        var pool = bank.ToPool(rules.Blueprint("skd")!);
        var set = pool.Parse(attempt.SetText!);
        var sheet = Enumerable.Repeat(AnswerKey.Blank, 110).ToArray();
        foreach (var a in answers)
        {
            sheet[a.Position] = (sbyte)a.Option!.Value;
        }
        var card = bank.ToAnswerKey(pool).Score(set, sheet);
        Assert.Equal(card.Total, attempt.Total);
        Assert.Equal(new Dictionary<string, int> { ["TWK"] = card[0], ["TIU"] = card[1], ["TKP"] = card[2] }, attempt.Scores);
        Assert.Equal(rules.Thresholds("skd-2024")!.Evaluate("umum", card).Passed, attempt.Passed);
        Assert.True(card.Total > 0);
    }

    [Fact]
    public async Task Finishing_scores_at_once_on_the_connection_that_took_the_attempt_over_and_the_old_one_cannot()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var old = await Host.ConnectAsync();
        var login = await Login(old, people[0].Number, people[0].Pin);
        await using var c = await Host.ConnectAsync();   // a reload: the page's new connection re-attaches
        var ended = new TaskCompletionSource<ExamResult>();
        c.On<ExamResult>(nameof(IExamClient.AttemptEnded), r => ended.TrySetResult(r));
        Assert.True((await c.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(login.Token!, null), Ct)).Ok);
        Assert.Equal(ExamError.Released, (await old.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct)).Error);

        Assert.True((await KestrelHost.SaveAsync(c, 0, 0, 1)).Ok);
        var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        Assert.True(finish.Ok);
        var result = finish.Result!;
        Assert.Equal(["TWK", "TIU", "TKP"], result.Scores.Select(s => s.Code));
        Assert.Equal(result.Scores.Sum(s => s.Score), result.Total);
        Assert.False(result.Passed);
        Assert.Contains(result.FailedConditions, f => f.StartsWith("TKP", StringComparison.Ordinal));
        Assert.Equal(result, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct), new ResultComparer());

        var again = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        Assert.Equal(result.Total, again.Result!.Total);
    }

    [Fact]
    public async Task Reattach_after_a_reconnect_resumes_exactly_where_the_terminal_was()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        string token;
        await using (var c = await Host.ConnectAsync())
        {
            token = (await Login(c, people[0].Number, people[0].Pin)).Token!;
            await KestrelHost.SaveAsync(c, 7, 3, 1);
            await Doubt(c, 8, true, 2);
        }
        Time.Advance(TimeSpan.FromMinutes(3));
        await using var again = await Host.ConnectAsync();
        var view = (await again.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(token, null), Ct)).Exam!;
        Assert.Equal([new AnswerView(7, 3, false), new AnswerView(8, null, true)], view.Answers);
        Assert.Equal(2, view.LastSeq);
        Assert.Equal(KestrelHost.T0 + TimeSpan.FromMinutes(3), view.Clock.ServerNow);
        Assert.Equal(KestrelHost.T0 + TimeSpan.FromMinutes(100), view.Clock.Deadline);
        Assert.Equal(ExamError.NotLoggedIn, (await again.InvokeAsync<LoginReply>(nameof(IExamHub.Reattach), new ResumeRequest("forged", null), Ct)).Error);
    }

    [Fact]
    public async Task Granted_time_and_a_paused_session_move_the_deadline_and_reach_the_terminal()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        var clocks = new List<ClockView>();
        var changed = new SemaphoreSlim(0);
        c.On<ClockView>(nameof(IExamClient.ClockChanged), v => { lock (clocks) { clocks.Add(v); } changed.Release(); });
        await Login(c, people[0].Number, people[0].Pin);

        Assert.True(await Host.Control.GrantTimeAsync(people[0].AttemptId, 5, "pengawas-1", "listrik padam di kursi 12"));
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(KestrelHost.T0 + TimeSpan.FromMinutes(105), clocks[^1].Deadline);

        Assert.True(await Host.Control.PauseSessionAsync(sessionId, "pengawas-1", "server venue mati listrik"));
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(ExamPhase.Paused, clocks[^1].Phase);
        Assert.Equal(ExamError.Paused, (await KestrelHost.SaveAsync(c, 0, 0, 1)).Error);
        Time.Advance(TimeSpan.FromMinutes(7));
        Assert.True(await Host.Control.ResumeSessionAsync(sessionId, "pengawas-1", "listrik kembali"));
        Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal((ExamPhase.Running, KestrelHost.T0 + TimeSpan.FromMinutes(112)), (clocks[^1].Phase, clocks[^1].Deadline));
        Assert.True((await KestrelHost.SaveAsync(c, 0, 0, 1)).Ok);
    }

    [Fact]
    public async Task No_message_to_a_terminal_ever_carries_a_key_a_weight_or_a_pembahasan()
    {
        var (_, people) = await Host.SeedSessionAsync(1);
        await using var c = await Host.ConnectAsync();
        var login = await Login(c, people[0].Number, people[0].Pin);
        for (var p = 0; p < 110; p += 3)
        {
            await KestrelHost.SaveAsync(c, p, p % 5, p + 1);
            await Doubt(c, p, true, 1000 + p);
        }
        await c.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), Ct);
        // the shared content a terminal fetches by hash: every item of the set and its images
        var set = login.Exam!.Set!;
        var bodies = new List<string>();
        using (var http = Host.Anonymous())
        {
            foreach (var hash in set.Questions.Select(q => q.Content).Distinct())
            {
                bodies.Add(await http.GetStringAsync(new Uri(set.ContentUrl + hash, UriKind.Relative), Ct));
            }
        }
        await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        await using var anon = await Host.ConnectAsync();
        await KestrelHost.SaveAsync(anon, 0, 0, 1);
        Assert.NotNull(login.Exam);

        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "type", "invocationId", "target", "arguments", "result", "error", "item", "headers", "streamIds",
            "ok", "error", "message", "token", "exam", "candidate", "phase", "clock", "subtests", "questions", "answers", "lastSeq",
            "participantNumber", "name", "sessionCode", "venue", "timeZone", "largeFont", "screenReader",
            "serverNow", "startsAt", "deadline", "durationMinutes", "code", "from", "count",
            "position", "subtest", "stem", "table", "image", "options", "text", "src", "alt", "caption", "header", "rows",
            "slot", "doubtful", "applied", "seq", "current", "scores", "score", "max", "total", "maxTotal", "passed",
            "thresholdName", "failedConditions", "finishedAt", "endedBy",
            "setHash", "set", "hash", "contentUrl", "content", "order",
            "display", "fontStep", "highContrast", "pausedSince", "pauseReason",
        };
        var rules = new RulesCatalog(TestPaths.QuestionBanks);
        var explanations = BankLoader.Load(TestPaths.SampleBank, rules.Blueprint).Bank!.Items.Select(i => i.Explanation).OfType<string>().Where(e => e.Length > 40).ToList();
        Assert.NotEmpty(Host.Sent);
        Assert.Equal(set.Questions.Select(q => q.Content).Distinct().Count(), bodies.Count);
        foreach (var frame in Host.Sent.Concat(bodies))
        {
            foreach (var json in frame.Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(json);
                foreach (var name in Names(doc.RootElement))
                {
                    Assert.True(allowed.Contains(name), $"unexpected field '{name}' sent to a terminal");
                }
                Assert.DoesNotContain(explanations, e => json.Contains(JsonEncodedText.Encode(e[..40]).ToString(), StringComparison.Ordinal));
            }
        }
    }

    private static IEnumerable<string> Names(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Names(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Names),
        _ => [],
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50, Ct);
        }
        Assert.Fail("condition not reached in 10 s");
    }

    private sealed class ResultComparer : IEqualityComparer<ExamResult>
    {
        public bool Equals(ExamResult? x, ExamResult? y) =>
            x is not null && y is not null && x.Total == y.Total && x.Passed == y.Passed && x.Scores.SequenceEqual(y.Scores) && x.FailedConditions.SequenceEqual(y.FailedConditions);

        public int GetHashCode(ExamResult obj) => obj.Total;
    }
}
