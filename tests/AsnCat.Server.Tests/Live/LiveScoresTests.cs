using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Exam;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Live;

/// <summary>
/// The live boards over the real server with a fake clock: a held-back rebuild comes only when
/// the test advances the clock, so "at once after a quiet second, then at most one rebuild per
/// second" is asserted by counting.
/// </summary>
public sealed class LiveScoresTests() : KestrelHostTest()
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private LiveScores Live => Host.Services.GetRequiredService<LiveScores>();

    [Fact]
    public async Task The_board_lists_every_candidate_with_public_fields_and_a_provisional_score_equal_to_scoring_the_stored_answers()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(3);
        var code = await CodeAsync(sessionId);
        await using var a = await Host.LoginAsync(people[0]);
        await using var b = await Host.LoginAsync(people[1]);
        var random = new Random(7);
        long seq = 0;
        foreach (var position in Enumerable.Range(0, 110).Where(_ => random.Next(3) > 0))
        {
            Assert.True((await KestrelHost.SaveAsync(a, position, random.Next(5), ++seq)).Ok);
        }
        Assert.True((await KestrelHost.SaveAsync(b, 70, 2, 1)).Ok);
        Assert.True((await KestrelHost.SaveAsync(b, 70, null, 2)).Ok);   // cleared: blank again

        var board = (await Live.SessionBoardAsync(code, Ct))!;
        Assert.Equal(LiveBoard.SessionKind, board.Kind);
        Assert.Equal(["TWK", "TIU", "TKP"], board.Subtests);
        Assert.Equal(people.Select(p => p.Number).Order(StringComparer.Ordinal), board.Rows.Select(r => r.ParticipantNumber));
        Assert.Equal(["Peserta 1", "Peserta 2", "Peserta 3"], board.Rows.Select(r => r.Name));

        var expected = await ScoreIndependentlyAsync(people[0].AttemptId);
        var row = board.Rows[0];
        Assert.Equal(LiveStates.Answering, row.State);
        Assert.False(row.Final);
        Assert.Equal(expected.Scores, row.Scores);
        Assert.Equal(expected.Scores.Values.Sum(), row.Total);
        Assert.Equal(expected.Answered, row.Answered);
        Assert.Equal(110, row.Questions);
        // umum: TWK >= 65 and TIU >= 80 and TKP >= 166
        Assert.Equal(expected.Scores["TWK"] >= 65 && expected.Scores["TIU"] >= 80 && expected.Scores["TKP"] >= 166, row.Passed);

        Assert.Equal((LiveStates.Answering, 0, 0), (board.Rows[1].State, board.Rows[1].Answered, board.Rows[1].Total));
        Assert.Equal((LiveStates.NotStarted, (int?)null, (bool?)null, 0), (board.Rows[2].State, board.Rows[2].Total, board.Rows[2].Passed, board.Rows[2].Answered));
        Assert.Null(board.Rows[2].Scores);

        await AssertPublicOnlyAsync(JsonSerializer.Serialize(board, Web), people.Select(p => p.AttemptId));
    }

    [Fact]
    public async Task At_finish_the_board_shows_the_stored_result_and_its_total_equals_the_last_provisional_total()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(1);
        var code = await CodeAsync(sessionId);
        var recorder = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, recorder.OnBoard, Ct);
        await using var c = await Host.LoginAsync(people[0]);
        var random = new Random(11);
        for (var p = 0; p < 110; p++)
        {
            Assert.True((await KestrelHost.SaveAsync(c, p, random.Next(5), p + 1)).Ok);
        }
        Time.Advance(LiveScores.Interval);
        var provisional = (await recorder.WaitAsync(b => b.Rows[0].Answered == 110)).Rows[0];
        Assert.False(provisional.Final);

        var finish = await c.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), Ct);
        Assert.True(finish.Ok, finish.Message);
        Time.Advance(LiveScores.Interval);
        var final = (await recorder.WaitAsync(b => b.Rows[0].Final)).Rows[0];

        await using var db = Host.Db();
        var stored = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == people[0].AttemptId, Ct);
        Assert.Equal(LiveStates.Finished, final.State);
        Assert.Equal(stored.Total, final.Total);
        Assert.Equal(stored.Passed, final.Passed);
        Assert.Equal(stored.Scores, final.Scores);
        Assert.Equal(finish.Result!.Total, final.Total);
        Assert.Equal(provisional.Total, final.Total);     // one score source: what was live is what is published
        Assert.Equal(provisional.Scores, final.Scores);
    }

    [Fact]
    public async Task A_watched_board_follows_every_commit_from_the_writers_copies_and_forgets_them_when_no_one_watches()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(3);
        var code = await CodeAsync(sessionId);
        await using var a = await Host.LoginAsync(people[0]);
        Assert.True((await KestrelHost.SaveAsync(a, 3, 1, 1)).Ok);   // stored before anyone watches: read from the database
        var recorder = new LiveBoardRecorder();
        var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, recorder.OnBoard, Ct);
        Assert.NotNull(watch);
        Assert.Equal(1, Live.SessionsKept);

        // from here on the board scores the sheets the writer hands over at each commit
        await using var b = await Host.LoginAsync(people[1]);
        var random = new Random(5);
        long seq = 1;
        foreach (var position in Enumerable.Range(0, 110).Where(_ => random.Next(2) > 0))
        {
            Assert.True((await KestrelHost.SaveAsync(a, position, random.Next(5), ++seq)).Ok);
        }
        Assert.True((await KestrelHost.SaveAsync(a, 3, null, ++seq)).Ok);   // cleared
        Assert.True((await KestrelHost.SaveAsync(b, 10, 4, 1)).Ok);
        Assert.True((await KestrelHost.SaveAsync(b, 10, 0, 2)).Ok);         // changed
        var expectedA = await ScoreIndependentlyAsync(people[0].AttemptId);
        var expectedB = await ScoreIndependentlyAsync(people[1].AttemptId);
        var board = await AdvanceUntilAsync(recorder, x => x.Rows[0].Answered == expectedA.Answered && x.Rows[1].Total == expectedB.Scores.Values.Sum());
        Assert.Equal(expectedA.Scores, board.Rows[0].Scores);
        Assert.Equal(expectedA.Answered, board.Rows[0].Answered);
        Assert.Equal(expectedB.Scores, board.Rows[1].Scores);
        Assert.Equal(1, board.Rows[1].Answered);
        Assert.Equal(LiveStates.NotStarted, board.Rows[2].State);

        // the same board as a read of the database alone (a board read while no one watches)
        watch!.Dispose();
        await WaitForAsync(() => Live.SessionsKept == 0);
        var fresh = (await Live.SessionBoardAsync(code, Ct))!;
        Assert.True(fresh.Rows.Zip(board.Rows).All(p => p.First.SameAs(p.Second)));
        // a read keeps the sheets a while (the next reads rebuild only what changed), then they go
        Assert.Equal(1, Live.SessionsKept);
        Time.Advance(LiveFeeds.ReadKeepsSheets);
        Assert.True((await KestrelHost.SaveAsync(a, 4, 2, ++seq)).Ok);   // a commit: the loop's pass forgets what no one reads
        await WaitForAsync(() => Live.SessionsKept == 0);
    }

    [Fact]
    public async Task A_board_read_over_http_again_and_again_rebuilds_from_the_commits_and_equals_a_whole_read()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(3);
        var code = await CodeAsync(sessionId);
        await using var a = await Host.LoginAsync(people[0]);
        await using var b = await Host.LoginAsync(people[2]);
        var random = new Random(3);
        long seqA = 0, seqB = 0;
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 8; i++)
            {
                Assert.True((await KestrelHost.SaveAsync(a, random.Next(110), random.Next(5), ++seqA)).Ok);
                Assert.True((await KestrelHost.SaveAsync(b, random.Next(110), random.Next(5), ++seqB)).Ok);
            }
            Time.Advance(LiveScores.Interval);
            var read = (await Live.SessionBoardAsync(code, Ct))!;
            Assert.Equal(1, Live.SessionsKept);   // kept between reads, fed by the commits
            var expectedA = await ScoreIndependentlyAsync(people[0].AttemptId);
            var expectedB = await ScoreIndependentlyAsync(people[2].AttemptId);
            Assert.Equal(expectedA.Answered, read.Rows[0].Answered);
            Assert.Equal(expectedA.Scores, read.Rows[0].Scores);
            Assert.Equal(expectedB.Answered, read.Rows[2].Answered);
            Assert.Equal(expectedB.Scores, read.Rows[2].Scores);
        }
    }

    [Fact]
    public async Task Between_full_reads_a_rebuild_reads_again_only_the_candidates_the_commits_named()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        var recorder = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, recorder.OnBoard, Ct);   // the first build reads everyone
        await using var a = await Host.LoginAsync(people[0]);
        // a correction made outside the exam writer (as a committee's import would): no commit names it
        await using (var db = Host.Db())
        {
            var candidate = await db.Candidates.SingleAsync(c => c.ParticipantNumber == people[1].Number, Ct);
            candidate.Name = "Nama Dibetulkan";
            await db.SaveChangesAsync(Ct);
        }

        Assert.True((await KestrelHost.SaveAsync(a, 0, 1, 1)).Ok);
        Time.Advance(LiveScores.Interval);
        var incremental = await recorder.WaitAsync(b => b.Rows[0].Answered == 1);
        Assert.Equal("Peserta 2", incremental.Rows[1].Name);   // not named by a commit: not read again

        Time.Advance(LiveBoardBuilder.ReadAllEvery);
        Assert.True((await KestrelHost.SaveAsync(a, 1, 1, 2)).Ok);
        Time.Advance(LiveScores.Interval);
        var full = await recorder.WaitAsync(b => b.Rows[0].Answered == 2);
        Assert.Equal("Nama Dibetulkan", full.Rows[1].Name);   // everyone read again: shown within ReadAllEvery
    }

    [Fact]
    public async Task A_change_after_a_quiet_interval_is_pushed_at_once_and_later_commits_within_the_interval_as_one_board()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        var recorder = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, recorder.OnBoard, Ct);
        Assert.Equal(1, recorder.Count);                 // the current board, at once
        await using var c = await Host.LoginAsync(people[0]);
        Time.Advance(LiveScores.Interval);
        await recorder.WaitAsync(b => b.Rows.Any(r => r.ParticipantNumber == people[0].Number && r.State == LiveStates.Answering));
        Time.Advance(LiveScores.Interval);              // quiet: whatever the login held back has gone out
        Time.Advance(LiveScores.Interval);
        var (boardsBefore, rebuildsBefore) = (recorder.Count, Live.Rebuilds);

        // the first answer after a quiet interval: rebuilt and pushed without the clock moving
        Assert.True((await KestrelHost.SaveAsync(c, 0, 0, 1)).Ok);
        var first = await recorder.WaitAsync(b => b.Rows.Any(r => r.Answered == 1));
        Assert.Equal(Time.GetUtcNow(), first.BuiltAt);
        Assert.Equal(boardsBefore + 1, recorder.Count);

        // 39 more commits within the same interval: held back while the clock stands still
        for (var p = 1; p < 40; p++)
        {
            Assert.True((await KestrelHost.SaveAsync(c, p, p % 5, p + 1)).Ok);
        }
        Assert.Equal(boardsBefore + 1, recorder.Count);
        Assert.Equal(rebuildsBefore + 1, Live.Rebuilds);
        Time.Advance(LiveScores.Interval);              // last rebuild + 1 s: all 39 as one board
        await recorder.WaitAsync(b => b.Rows.Any(r => r.Answered == 40));
        Assert.Equal(boardsBefore + 2, recorder.Count);
        Assert.Equal(rebuildsBefore + 2, Live.Rebuilds);

        // nothing committed: the clock moving rebuilds and pushes nothing
        Time.Advance(LiveScores.Interval);
        Time.Advance(LiveScores.Interval);
        Assert.Equal(rebuildsBefore + 2, Live.Rebuilds);
        Assert.True((await KestrelHost.SaveAsync(c, 50, 1, 41)).Ok);      // quiet again: at once
        await recorder.WaitAsync(b => b.Rows.Any(r => r.Answered == 41));
        Assert.Equal(boardsBefore + 3, recorder.Count);
        Assert.Equal(rebuildsBefore + 3, Live.Rebuilds);
        Assert.True(recorder.Latest!.Version > 1);
    }

    [Fact]
    public async Task Hub_watchers_get_patches_that_rebuild_the_in_process_board_exactly_and_a_gap_makes_them_watch_again()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(3);
        var code = await CodeAsync(sessionId);
        var whole = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, whole.OnBoard, Ct);
        await using var observer = await ObserverAsync();
        var patched = new LiveBoardRecorder(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        var patches = new List<BoardPatch>();
        observer.On<BoardPatch>(nameof(ILiveClient.Patch), p =>
        {
            lock (patches)
            {
                patches.Add(p);
            }
            return patched.OnPatch(p);
        });
        await patched.OnBoard(await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        await using var c = await Host.LoginAsync(people[1]);
        for (var p = 0; p < 12; p++)
        {
            Assert.True((await KestrelHost.SaveAsync(c, p, p % 5, p + 1)).Ok);
            if (p % 4 == 3)
            {
                Time.Advance(LiveScores.Interval);
            }
        }
        Time.Advance(LiveScores.Interval);
        var last = await whole.WaitAsync(b => b.Rows.Any(r => r.Answered == 12));
        var viaPatches = await patched.WaitAsync(b => b.Version == last.Version);
        Assert.Equal(0, patched.Resyncs);
        Assert.Equal(last.Rows.Count, viaPatches.Rows.Count);
        Assert.All(last.Rows.Zip(viaPatches.Rows), pair => Assert.True(pair.First.SameAs(pair.Second), $"{pair.First} != {pair.Second}"));
        Assert.Equal(last.Sessions, viaPatches.Sessions);
        Assert.Equal(last.Subtests, viaPatches.Subtests);
        lock (patches)
        {
            Assert.NotEmpty(patches);
            // only the candidate who answered changes: that row's changed cells per patch (it is
            // the second row by participant number), no whole row, the other two never sent again
            var second = last.Rows.Select(r => r.ParticipantNumber).ToList().IndexOf(people[1].Number);
            Assert.All(patches, p => Assert.Equal([second], p.Cells!.Select(x => x.Index)));
            Assert.All(patches, p => Assert.Empty(p.Rows));
            Assert.All(patches, p => Assert.Null(p.Cells![0].Final));
            Assert.All(patches, p => Assert.Empty(p.Removed));
        }

        // a client that missed a patch (its board is older than the next patch's base) watches again
        var behind = new LiveBoardRecorder(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        await behind.OnBoard(last with { Version = last.Version - 1 });
        await behind.OnPatch(new BoardPatch(LiveBoard.SessionKind, code, last.Version + 1, last.Version, [], [], null, null, last.BuiltAt));
        var resynced = await behind.WaitAsync(b => b.Version == last.Version);
        Assert.Equal(1, behind.Resyncs);
        Assert.Equal(12, resynced.Rows.Single(r => r.ParticipantNumber == people[1].Number).Answered);
    }

    [Theory]
    [InlineData(5000, 2000, false)]   // within the configured interval (past the default 1 s): the same board
    [InlineData(500, 700, true)]      // past the configured interval (within the default 1 s): built again
    public async Task A_board_read_while_no_one_watches_is_reused_for_the_configured_push_interval(int intervalMs, int laterMs, bool builtAgain)
    {
        var (sessionId, _) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        var options = Options.Create(new LiveOptions { PushInterval = TimeSpan.FromMilliseconds(intervalMs) });
        var s = Host.Services;
        // not started: no loop, only the one-off reads (the JSON API's path)
        using var live = new LiveScores(s.GetRequiredService<IDbContextFactory<AsnCatDb>>(), s.GetRequiredService<ExamMaterials>(),
            s.GetRequiredService<ExamWriter>(), s.GetRequiredService<IHubContext<LiveHub, ILiveClient>>(), Time, options,
            NullLogger<LiveScores>.Instance);

        var first = (await live.SessionBoardAsync(code, Ct))!;
        Time.Advance(TimeSpan.FromMilliseconds(laterMs));
        var second = (await live.SessionBoardAsync(code, Ct))!;

        Assert.Equal(builtAgain, !ReferenceEquals(first, second));
        Assert.Equal(builtAgain ? first.BuiltAt.AddMilliseconds(laterMs) : first.BuiltAt, second.BuiltAt);
    }

    [Fact]
    public async Task A_late_watcher_gets_the_current_board_at_once()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        var early = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.SessionKind, code, early.OnBoard, Ct);
        await using var c = await Host.LoginAsync(people[1]);
        for (var p = 0; p < 7; p++)
        {
            Assert.True((await KestrelHost.SaveAsync(c, p, 0, p + 1)).Ok);
        }
        Time.Advance(LiveScores.Interval);
        await early.WaitAsync(b => b.Rows[1].Answered == 7);

        var late = new LiveBoardRecorder();
        using var lateWatch = await Live.WatchAsync(LiveBoard.SessionKind, code, late.OnBoard, Ct);
        Assert.Equal(1, late.Count);                     // delivered inside WatchAsync, before any tick
        Assert.Equal(7, late.Latest!.Rows[1].Answered);
        Assert.Equal(LiveStates.Answering, late.Latest.Rows[1].State);

        await using var observer = await ObserverAsync();
        var viaHub = await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct);
        Assert.Equal(7, viaHub.Rows[1].Answered);
    }

    [Fact]
    public async Task The_hub_refuses_unknown_codes_and_venues_and_more_than_the_allowed_watches()
    {
        var (sessionId, _) = await Host.SeedSessionAsync(1);
        var code = await CodeAsync(sessionId);
        await using var observer = await ObserverAsync();
        var unknown = await Assert.ThrowsAsync<HubException>(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), "S-TIDAK-ADA", Ct));
        Assert.Contains("Sesi 'S-TIDAK-ADA' tidak ditemukan", unknown.Message, StringComparison.Ordinal);
        var venue = await Assert.ThrowsAsync<HubException>(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchVenue), "Gedung Antah", Ct));
        Assert.Contains("Lokasi 'Gedung Antah' tidak ditemukan", venue.Message, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<HubException>(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), " ", Ct));
        Assert.Contains("kosong", empty.Message, StringComparison.Ordinal);

        Assert.Equal(code, (await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct)).Subject);
        Assert.Equal("Ruang uji", (await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchVenue), "Ruang uji", Ct)).Subject);
        var codes = new List<string>();
        for (var i = 0; i < LiveHubContract.MaxWatches - 2; i++)
        {
            var (other, _) = await Host.SeedSessionAsync(1, start: false);
            codes.Add(await CodeAsync(other));
            await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), codes[^1], Ct);
        }
        // watching the same board again is not a new watch
        Assert.Equal(code, (await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct)).Subject);
        var (extra, _) = await Host.SeedSessionAsync(1, start: false);
        var tooMany = await Assert.ThrowsAsync<HubException>(async () => await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), await CodeAsync(extra), Ct));
        Assert.Contains($"paling banyak {LiveHubContract.MaxWatches} papan", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hub_offers_only_the_two_watch_calls_and_nothing_that_changes_anything()
    {
        // what SignalR would invoke: public instance methods not declared by the Hub base classes
        var callable = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } d && d != typeof(object) && d != typeof(Hub)
                && !(d.IsGenericType && d.GetGenericTypeDefinition() == typeof(Hub<>)))
            .ToList();
        Assert.Equal([nameof(ILiveHub.WatchPublications), nameof(ILiveHub.WatchSession), nameof(ILiveHub.WatchVenue)], callable.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Empty(typeof(LiveHub).GetMethod(nameof(ILiveHub.WatchPublications))!.GetParameters());
        Assert.All(callable.Where(m => m.Name != nameof(ILiveHub.WatchPublications)), m =>
        {
            Assert.Equal(typeof(Task<LiveBoard>), m.ReturnType);
            Assert.Equal([typeof(string)], m.GetParameters().Select(p => p.ParameterType));
        });
        // the client interface receives patches (whole boards come from the watch calls) and publication notices
        Assert.Equal([nameof(ILiveClient.Patch), nameof(ILiveClient.Published)], typeof(ILiveClient).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.NotNull(typeof(LiveHub).GetCustomAttribute<Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute>());
    }

    [Fact]
    public async Task Hub_frames_and_the_public_JSON_carry_no_NIK_birth_date_answers_or_keys()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        await using var observer = await ObserverAsync();
        var pushed = new LiveBoardRecorder(() => observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        observer.On<BoardPatch>(nameof(ILiveClient.Patch), patch => patch.Kind == LiveBoard.SessionKind ? pushed.OnPatch(patch) : Task.CompletedTask);
        await pushed.OnBoard(await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, Ct));
        await observer.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchVenue), "Ruang uji", Ct);
        await using var c = await Host.LoginAsync(people[0]);
        for (var p = 0; p < 110; p += 3)
        {
            Assert.True((await KestrelHost.SaveAsync(c, p, 1, p + 1)).Ok);
        }
        Time.Advance(LiveScores.Interval);
        var board = await pushed.WaitAsync(b => b.Kind == LiveBoard.SessionKind && b.Rows[0].Answered == 37);
        Assert.True(board.Rows[0].Total > 0);

        // the live hub's frames: its invocation results and pushes, as serialized by the server
        var frames = Host.Sent.Where(f => f.Contains("\"kind\":\"sesi\"", StringComparison.Ordinal) || f.Contains("\"kind\":\"lokasi\"", StringComparison.Ordinal)).ToList();
        Assert.True(frames.Count >= 3, $"{frames.Count} live frames");
        Assert.Contains(frames, f => f.Contains("\"target\":\"Patch\"", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Contains("\"kind\":\"lokasi\"", StringComparison.Ordinal));
        foreach (var frame in frames)
        {
            await AssertPublicOnlyAsync(frame, people.Select(p => p.AttemptId));
        }

        using var http = new HttpClient { BaseAddress = new Uri(Host.Url) };
        var response = await http.GetAsync($"/api/public/live/sessions/{code}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync(Ct);
        await AssertPublicOnlyAsync(json, people.Select(p => p.AttemptId));
        var fromApi = JsonSerializer.Deserialize<LiveBoard>(json, Web)!;
        Assert.Equal(board.Rows[0].Total, fromApi.Rows[0].Total);
        Assert.Equal(board.Version, fromApi.Version);    // the watched board itself, not a second build
        var missing = await http.GetAsync("/api/public/live/sessions/S-TIDAK-ADA", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Sesi tidak ditemukan", (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_venue_board_holds_the_running_sessions_at_that_venue_and_updates_with_them()
    {
        var (first, people1) = await Host.SeedSessionAsync(2);
        var (second, people2) = await Host.SeedSessionAsync(1);
        var (_, _) = await Host.SeedSessionAsync(1, start: false);   // not started: not on the venue board
        var recorder = new LiveBoardRecorder();
        using var watch = await Live.WatchAsync(LiveBoard.VenueKind, "Ruang uji", recorder.OnBoard, Ct);
        var board = recorder.Latest!;
        Assert.Equal([await CodeAsync(first), await CodeAsync(second)], board.Sessions.Select(s => s.Code));
        Assert.Equal(3, board.Rows.Count);
        Assert.All(board.Sessions, s => Assert.Equal("berlangsung", s.State));

        await using var c = await Host.LoginAsync(people2[0]);
        Assert.True((await KestrelHost.SaveAsync(c, 0, 3, 1)).Ok);
        Time.Advance(LiveScores.Interval);
        var updated = await recorder.WaitAsync(b => b.Rows.Any(r => r.ParticipantNumber == people2[0].Number && r.Answered == 1));
        Assert.Equal(3, updated.Rows.Count);
        Assert.Contains(updated.Rows, r => r.ParticipantNumber == people1[0].Number && r.State == LiveStates.NotStarted);
    }

    /// <summary>Advances the fake clock an interval at a time until the recorder holds a matching board.</summary>
    private async Task<LiveBoard> AdvanceUntilAsync(LiveBoardRecorder recorder, Func<LiveBoard, bool> match)
    {
        var wait = recorder.WaitAsync(match);
        for (var i = 0; i < 100 && !wait.IsCompleted; i++)
        {
            Time.Advance(LiveScores.Interval);
            await Task.WhenAny(wait, Task.Delay(50, Ct));
        }
        return await wait;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }
        Assert.True(condition());
    }

    private async Task<string> CodeAsync(int sessionId)
    {
        await using var db = Host.Db();
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
    }

    private async Task<HubConnection> ObserverAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(Host.Url + LiveHubContract.Path).Build();
        await connection.StartAsync(Ct);
        return connection;
    }

    /// <summary>
    /// Scores an attempt from the database alone, without AsnCat.Scoring's key table: the stored
    /// answers (original options), the set text's item ids and each bank item's key or weights.
    /// </summary>
    private async Task<(Dictionary<string, int> Scores, int Answered)> ScoreIndependentlyAsync(int attemptId)
    {
        await using var db = Host.Db();
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.ExamSession).SingleAsync(a => a.Id == attemptId, Ct);
        var items = await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == attempt.ExamSession!.BankVersionId).ToDictionaryAsync(i => i.ItemId, Ct);
        var ids = attempt.SetText!.Split(' ').Select(part => part[..part.LastIndexOf(':')]).ToList();
        var answers = await db.Answers.AsNoTracking().Where(a => a.AttemptId == attemptId && a.Option != null).ToListAsync(Ct);
        var scores = new Dictionary<string, int> { ["TWK"] = 0, ["TIU"] = 0, ["TKP"] = 0 };
        foreach (var answer in answers)
        {
            var item = items[ids[answer.Position]];
            var option = answer.Option!.Value;
            scores[item.Subtest] += item.Weights is { } weights ? weights[option] : item.Answer == option ? 5 : 0;
        }
        return (scores, answers.Count);
    }

    /// <summary>No NIK, birth date, category, question set, option order, item id or key in <paramref name="text"/>.</summary>
    private async Task AssertPublicOnlyAsync(string text, IEnumerable<int> attemptIds)
    {
        await using var db = Host.Db();
        var ids = attemptIds.ToList();
        var attempts = await db.Attempts.AsNoTracking().Include(a => a.Candidate).Where(a => ids.Contains(a.Id)).ToListAsync(Ct);
        foreach (var a in attempts)
        {
            Assert.DoesNotContain(a.Candidate!.Nik, text, StringComparison.Ordinal);
            Assert.DoesNotContain(a.Candidate.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            foreach (var part in (a.SetText ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
            {
                Assert.DoesNotContain(part, text, StringComparison.Ordinal);                   // item id with its option order
                Assert.DoesNotContain(part[..part.LastIndexOf(':')], text, StringComparison.Ordinal);
            }
        }
        foreach (var word in new[] { "nik", "birth", "lahir", "category", "kategori", "setText", "option", "slot", "answer\"", "key", "weights", "seed", "pin" })
        {
            Assert.DoesNotContain("\"" + word, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
