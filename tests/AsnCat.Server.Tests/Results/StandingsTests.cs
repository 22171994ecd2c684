using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Results;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Results;

/// <summary>The standings from the database equal the test's own computation from DOMAIN.md's rules.</summary>
public sealed class StandingsTests : IAsyncLifetime
{
    private ResultsFixture _fixture = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await ResultsFixture.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _fixture.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(ResultsFixture.FormationA)]
    [InlineData(ResultsFixture.FormationB)]
    public async Task A_formations_standings_equal_an_independent_computation_of_thresholds_order_ties_and_advance(string formation)
    {
        var standings = (await _fixture.Standings.ForFormationAsync(formation, Ct))!;

        var expected = _fixture.ExpectedStandings(formation);
        Assert.Equal(
            expected.Select(e => (e.Person.Number, e.Rank, e.Passed, e.Advances, e.Outcome)).ToList(),
            standings.Rows.Select(r => (r.ParticipantNumber, r.Rank, r.Passed, r.Advances, r.Outcome)).ToList());
        foreach (var (e, r) in expected.Zip(standings.Rows))
        {
            var shown = e.Outcome is "lulus" or "tidak_lulus";
            Assert.Equal(
                (formation, "Peserta " + e.Person.Number, e.Person.Category, shown ? e.Person.Scores![0] : (int?)null, shown ? e.Person.Scores![1] : (int?)null, shown ? e.Person.Scores![2] : (int?)null, shown ? e.Person.Scores!.Sum() : (int?)null),
                (r.FormationCode, r.Name, r.Category, r.Scores?["TWK"], r.Scores?["TIU"], r.Scores?["TKP"], r.Total));
            Assert.Equal(e.Outcome == "tidak_lulus", r.FailedRequirements is { Length: > 0 });
        }
        Assert.Equal((_fixture.Quotas[formation], 3 * _fixture.Quotas[formation], "skd-2024"), (standings.Quota, standings.AdvanceLimit, standings.ThresholdSetCode));
        // candidates still in their exam are not in the standings
        Assert.DoesNotContain(standings.Rows, r => r.ParticipantNumber == "B04");
    }

    [Fact]
    public async Task The_edges_ties_and_texts_of_formation_A_are_as_the_rules_say()
    {
        var rows = (await _fixture.Standings.ForFormationAsync(ResultsFixture.FormationA, Ct))!.Rows.ToDictionary(r => r.ParticipantNumber);

        // A09 and A11 equal on everything share rank 1; A10 and A12 share rank 3, the last place: 4 advance on a quota of 1
        Assert.Equal([(1, true), (1, true), (3, true), (3, true)], Pick("A09", "A11", "A10", "A12").Select(n => (rows[n].Rank!.Value, rows[n].Advances)).ToArray());
        // 311 each: TKP first (A05 and A01 166, A15 156), then TIU (A05 85 before A01 80); then A08 at 286
        Assert.Equal([5, 6, 7, 8], Pick("A05", "A01", "A15", "A08").Select(n => rows[n].Rank!.Value).ToArray());
        Assert.False(rows["A01"].Advances);
        Assert.Equal("Lulus PG, peringkat 3, lanjut SKB", rows["A12"].Status);
        Assert.Equal("Lulus PG, peringkat 6, tidak lanjut SKB", rows["A01"].Status);

        Assert.Equal("TKP 165 < 166", rows["A04"].FailedRequirements);
        Assert.Equal("total 310 < 311", rows["A06"].FailedRequirements);
        Assert.Equal("TIU 80 < 85", rows["A07"].FailedRequirements);
        Assert.Equal("TWK 60 < 65", rows["A02"].FailedRequirements);
        Assert.Equal("Tidak memenuhi nilai ambang batas", rows["A04"].Status);

        Assert.Equal((null, false, false, "Diskualifikasi", (int?)null), (rows["A13"].Rank, rows["A13"].Passed, rows["A13"].Advances, rows["A13"].Status, rows["A13"].Total));
        Assert.Equal((null, false, false, "Tidak hadir", (int?)null), (rows["A14"].Rank, rows["A14"].Passed, rows["A14"].Advances, rows["A14"].Status, rows["A14"].Total));
    }

    [Fact]
    public async Task A_sessions_results_are_its_candidates_rows_from_their_formations_standings_and_its_unfinished_candidates()
    {
        var id = _fixture.SessionIds[ResultsFixture.SessionOne];

        var (session, formations) = (await _fixture.Standings.ForSessionAsync(id, Ct))!.Value;

        Assert.Equal([ResultsFixture.FormationA, ResultsFixture.FormationB], session.FormationCodes);
        Assert.Equal([ResultsFixture.FormationA, ResultsFixture.FormationB], formations.Select(f => f.FormationCode).ToList());
        var members = _fixture.People.Where(p => p.Session == ResultsFixture.SessionOne).Select(p => p.Number).ToHashSet();
        var expected = formations.SelectMany(f => f.Rows).Where(r => members.Contains(r.ParticipantNumber)).ToList();
        Assert.Equal(expected, session.Rows.Take(expected.Count).ToList());
        var running = Assert.Single(session.Rows.Skip(expected.Count));
        Assert.Equal(("B04", StandingOutcomes.NotFinished, "Belum selesai", (int?)null), (running.ParticipantNumber, running.Outcome, running.Status, running.Rank));
        Assert.Equal(members.Order(StringComparer.Ordinal), session.Rows.Select(r => r.ParticipantNumber).Order(StringComparer.Ordinal));
        Assert.Equal((ResultsFixture.SessionOne, "skd-2024"), (session.SessionCode, session.ThresholdSetCode));
    }

    [Fact]
    public async Task Unknown_formations_and_sessions_are_null_and_an_empty_formation_has_no_rows()
    {
        Assert.Null(await _fixture.Standings.ForFormationAsync("F-TIDAK-ADA", Ct));
        Assert.Null(await _fixture.Standings.ForSessionAsync(9999, Ct));
        var empty = (await _fixture.Standings.ForFormationAsync("F-KOSONG", Ct))!;
        Assert.Empty(empty.Rows);
        Assert.Null(empty.ThresholdSetCode);
    }

    [Fact]
    public async Task A_formation_scored_under_two_threshold_sets_is_refused_with_both_named()
    {
        await using (var db = _fixture.Database.Open())
        {
            var s1 = await db.ExamSessions.SingleAsync(s => s.Code == ResultsFixture.SessionOne, Ct);
            var other = new ExamSession
            {
                Code = "S-LAIN", Venue = "Gedung Lain", TimeZone = "WIT", StartsAt = s1.StartsAt, BlueprintCode = "skd", BlueprintSnapshotId = s1.BlueprintSnapshotId,
                BankVersionId = s1.BankVersionId, ThresholdSetCode = "skd-uji", Seed = new string('b', 32), State = SessionState.Ended,
            };
            var formation = await db.Formations.SingleAsync(f => f.Code == ResultsFixture.FormationA, Ct);
            var candidate = new Candidate { ParticipantNumber = "A99", Name = "Peserta A99", Nik = "7371999999999999", BirthDate = new DateOnly(1999, 1, 1), Formation = formation };
            db.Attempts.Add(ResultsFixture.Attempt(other, candidate, [100, 100, 200], "candidate"));
            await db.SaveChangesAsync(Ct);
        }

        var e = await Assert.ThrowsAsync<StandingsException>(() => _fixture.Standings.ForFormationAsync(ResultsFixture.FormationA, Ct));

        Assert.Contains("ambang batas yang berbeda", e.Message, StringComparison.Ordinal);
        Assert.Contains("skd-2024: sesi S-1, S-2", e.Message, StringComparison.Ordinal);
        Assert.Contains("skd-uji: sesi S-LAIN", e.Message, StringComparison.Ordinal);
        // the other formation is unaffected
        Assert.NotNull(await _fixture.Standings.ForFormationAsync(ResultsFixture.FormationB, Ct));
    }

    [Fact]
    public async Task A_disqualification_in_any_attempt_wins_and_otherwise_the_latest_scored_attempt_counts()
    {
        await using (var db = _fixture.Database.Open())
        {
            var s1 = await db.ExamSessions.SingleAsync(s => s.Code == ResultsFixture.SessionOne, Ct);
            var later = new ExamSession
            {
                Code = "S-3", Venue = "Gedung Uji", TimeZone = "WITA", StartsAt = s1.StartsAt, BlueprintCode = "skd", BlueprintSnapshotId = s1.BlueprintSnapshotId,
                BankVersionId = s1.BankVersionId, ThresholdSetCode = "skd-2024", Seed = new string('c', 32), State = SessionState.Ended,
            };
            var a01 = await db.Candidates.SingleAsync(c => c.ParticipantNumber == "A01", Ct);
            var a02 = await db.Candidates.SingleAsync(c => c.ParticipantNumber == "A02", Ct);
            var retake = ResultsFixture.Attempt(later, a02, [100, 100, 200], "candidate");
            retake.FinishedAt += TimeSpan.FromDays(1);
            db.Attempts.AddRange(ResultsFixture.Attempt(later, a01, null, "disqualified"), retake);
            await db.SaveChangesAsync(Ct);
        }

        var rows = (await _fixture.Standings.ForFormationAsync(ResultsFixture.FormationA, Ct))!.Rows;

        Assert.Equal(StandingOutcomes.Disqualified, Assert.Single(rows, r => r.ParticipantNumber == "A01").Outcome);
        var a02Row = Assert.Single(rows, r => r.ParticipantNumber == "A02");
        Assert.Equal((400, 1), (a02Row.Total!.Value, a02Row.Rank!.Value));
    }

    private static string[] Pick(params string[] numbers) => numbers;
}
