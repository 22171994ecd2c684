using System.Globalization;
using System.Text;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
using AsnCat.Tool.Commands;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

public sealed class NationalRankingTests : IAsyncLifetime
{
    private NationalFixture _f = null!;

    public async ValueTask InitializeAsync() => _f = await NationalFixture.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _f.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ranking_across_two_sessions_at_two_venues_equals_the_rank_command_on_the_merged_scores()
    {
        var report = await _f.Ranker.RunAsync("panitia", ct: Ct);
        var rows = await _f.RowsAsync(report.RunId);

        // the merged scores as an auditor would put them together: each candidate's first sitting that was not absent
        using var dir = new TempDir();
        var scores = new StringBuilder("participant_number,formation_code,category,twk,tiu,tkp\n");
        foreach (var p in _f.People)
        {
            var counted = p.Sittings.Where(s => s.EndedBy != "absent").OrderBy(s => s.FinishedAt).FirstOrDefault();
            if (counted is { Scores: { } s } && counted.EndedBy != "disqualified")
            {
                scores.Append(CultureInfo.InvariantCulture, $"{p.Number},{p.Formation},{p.Category},{s[0]},{s[1]},{s[2]}\n");
            }
        }
        dir.Write("scores.csv", scores.ToString());
        dir.Write("formations.csv", "formation_code,quota\n" + string.Concat(_f.Quotas.Select(q => $"{q.Key},{q.Value}\n")));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CommandLine.Run(["rank", "--scores", Path.Combine(dir.Path, "scores.csv"), "--formations", Path.Combine(dir.Path, "formations.csv"), "--thresholds", "skd-2024"], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        var expected = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(','))
            .Select(c => (Formation: c[0], Rank: c[1], Participant: c[2], Total: c[7], Passed: c[8], Advances: c[9]))
            .OrderBy(x => x.Formation, StringComparer.Ordinal).ThenBy(x => x.Participant, StringComparer.Ordinal).ToList();

        var actual = rows.Where(r => StandingOutcomes.Scored(r.Row.Outcome))
            .Select(r => (Formation: r.Formation, Rank: r.Row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", Participant: r.Row.ParticipantNumber,
                Total: r.Row.Total!.Value.ToString(CultureInfo.InvariantCulture), Passed: r.Row.Passed ? "true" : "false", Advances: r.Row.Advances ? "true" : "false"))
            .OrderBy(x => x.Formation, StringComparer.Ordinal).ThenBy(x => x.Participant, StringComparer.Ordinal).ToList();
        Assert.Equal(_f.People.Count - 2, expected.Count);      // all but the disqualified and the absent
        Assert.Equal(expected, actual);
        Assert.Contains(actual, r => r.Rank == "1" && r.Formation == "F-3");
        Assert.Contains(actual, r => r.Passed == "true" && r.Advances == "false");   // the ranking is not trivial
        Assert.Equal(3, report.Formations);
        Assert.Equal(rows.Count, report.Rows);
    }

    [Fact]
    public async Task A_candidate_who_sat_twice_is_flagged_and_only_the_first_finished_attempt_counts()
    {
        var report = await _f.Ranker.RunAsync("panitia", ct: Ct);
        var rows = await _f.RowsAsync(report.RunId);

        var twice = Assert.Single(rows, r => r.Row.ParticipantNumber == NationalFixture.SatTwice);
        Assert.Equal(2, twice.Row.FinishedAttempts);
        Assert.Equal([70, 85, 170], twice.Row.Scores!);          // the first sitting (S-A), not the better second
        Assert.Equal(325, twice.Row.Total);
        // absent at S-A, then sat at S-B: one sitting, not flagged, the S-B scores count
        var moved = Assert.Single(rows, r => r.Row.ParticipantNumber == NationalFixture.Moved);
        Assert.Equal(1, moved.Row.FinishedAttempts);
        Assert.Equal([100, 120, 190], moved.Row.Scores!);
        Assert.Equal(1, report.Flagged);
        Assert.Equal(rows.Count, rows.Select(r => r.Row.CandidateId).Distinct().Count());

        var export = (await _f.Results.ForFormationAsync("F-1", Ct)).Results!;
        Assert.Equal(2, Assert.Single(export.Rows, r => r.ParticipantNumber == NationalFixture.SatTwice).FinishedAttempts);
    }

    [Fact]
    public async Task Disqualified_and_absent_candidates_are_listed_unranked()
    {
        var report = await _f.Ranker.RunAsync("panitia", ct: Ct);
        var rows = await _f.RowsAsync(report.RunId);
        var dq = Assert.Single(rows, r => r.Row.ParticipantNumber == "24N9000001").Row;
        Assert.Equal((StandingOutcomes.Disqualified, (int?)null, false, (int[]?)null), (dq.Outcome, dq.Rank, dq.Advances, dq.Scores));
        var absent = Assert.Single(rows, r => r.Row.ParticipantNumber == "24N9000002").Row;
        Assert.Equal((StandingOutcomes.Absent, (int?)null, 0), (absent.Outcome, absent.Rank, absent.FinishedAttempts));
    }

    [Fact]
    public async Task Closing_with_a_session_still_missing_is_refused_unless_forced_with_a_reason()
    {
        var refused = await _f.Closures.CloseAsync("F-1", new CloseFormationRequest(false, null), "panitia", "10.0.0.5", Ct);
        Assert.Equal(CloseStatus.SessionsPending, refused.Status);
        Assert.Equal([NationalFixture.SessionB], refused.PendingSessions);
        var noReason = await _f.Closures.CloseAsync("F-1", new CloseFormationRequest(true, "  "), "panitia", null, Ct);
        Assert.Equal(CloseStatus.ReasonMissing, noReason.Status);
        await using (var db = _f.Database.Open())
        {
            Assert.Equal(0, await db.FormationClosures.CountAsync(Ct));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.NationalRanking.FormationCloseRefused && a.Subject == "F-1", Ct));
        }

        var forced = await _f.Closures.CloseAsync("F-1", new CloseFormationRequest(true, "Lokasi B tidak terhubung kembali; berita acara 12/2026"), "ketua", null, Ct);
        Assert.Equal(CloseStatus.Closed, forced.Status);
        Assert.True(forced.Closure!.Forced);
        Assert.Equal([NationalFixture.SessionB], forced.Closure.PendingSessions);
        Assert.Equal(CloseStatus.AlreadyClosed, (await _f.Closures.CloseAsync("F-1", new CloseFormationRequest(false, null), "panitia", null, Ct)).Status);
        Assert.Equal(CloseStatus.UnknownFormation, (await _f.Closures.CloseAsync("F-9", new CloseFormationRequest(false, null), "panitia", null, Ct)).Status);
        await using (var db = _f.Database.Open())
        {
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.NationalRanking.FormationClosed, Ct);
            Assert.Equal(("ketua", "F-1"), (audit.Actor, audit.Subject));
            Assert.Contains("berita acara 12/2026", audit.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Closing_a_formation_whose_sessions_are_all_in_makes_its_next_run_final()
    {
        var provisional = await _f.Ranker.RunAsync("panitia", ct: Ct);
        Assert.All(await _f.RowsAsync(provisional.RunId), r => Assert.False(r.Row.Final));

        await _f.AcceptSessionBAsync();
        var closed = await _f.Closures.CloseAsync("F-2", new CloseFormationRequest(false, null), "ketua", null, Ct);
        Assert.Equal(CloseStatus.Closed, closed.Status);
        Assert.False(closed.Closure!.Forced);

        var next = await _f.Ranker.RunAsync("panitia", ct: Ct);
        Assert.True(next.RunId > provisional.RunId);
        Assert.Equal(1, next.FinalFormations);
        var rows = await _f.RowsAsync(next.RunId);
        Assert.All(rows, r => Assert.Equal(r.Formation == "F-2", r.Row.Final));
        Assert.True((await _f.Results.ForFormationAsync("F-2", Ct)).Results!.Final);
        Assert.False((await _f.Results.ForFormationAsync("F-1", Ct)).Results!.Final);
        // the earlier run is kept as it was: a version
        Assert.All(await _f.RowsAsync(provisional.RunId), r => Assert.False(r.Row.Final));
    }

    [Fact]
    public async Task A_formation_scored_under_two_threshold_sets_refuses_the_run_and_stores_nothing()
    {
        await using (var db = _f.Database.Open())
        {
            var b = await db.ExamSessions.SingleAsync(s => s.Code == NationalFixture.SessionB, Ct);
            b.ThresholdSetCode = "pppk-2024";
            await db.SaveChangesAsync(Ct);
        }
        var e = await Assert.ThrowsAsync<NationalRankingException>(() => _f.Ranker.RunAsync("panitia", ct: Ct));
        Assert.Contains(e.Problems, p => p.StartsWith("Formasi F-1: peserta dinilai dengan ambang batas yang berbeda (pppk-2024, skd-2024)", StringComparison.Ordinal));
        await using (var db = _f.Database.Open())
        {
            Assert.Equal(0, await db.NationalRankingRuns.CountAsync(Ct));
            Assert.Equal(0, await db.NationalRankingRows.CountAsync(Ct));
        }
    }
}
