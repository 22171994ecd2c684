using System.Text;
using System.Text.Json;
using AsnCat.Benchmarks;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

public sealed class NationalExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_export_has_the_documented_csv_columns_and_json_fields()
    {
        using var f = await NationalFixture.CreateAsync();
        var run = await f.Ranker.RunAsync("panitia", ct: Ct);
        var (results, why) = await f.Results.ForFormationAsync("F-1", Ct);
        Assert.Null(why);

        var csv = NationalResults.Csv(results!);
        Assert.False(csv.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "no BOM: the export is for machines");
        var text = Encoding.UTF8.GetString(csv);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("formation_code,participant_number,category,rank,twk,tiu,tkp,total,passed,advances,outcome,final,finished_attempts,from_formation_code,run_id", lines[0]);
        Assert.Equal(results!.Rows.Count + 1, lines.Length);
        var first = lines[1].Split(',');
        var top = results.Rows[0];
        Assert.Equal(["F-1", top.ParticipantNumber, top.Category, "1", top.Scores!["TWK"].ToString(), top.Scores["TIU"].ToString(), top.Scores["TKP"].ToString(),
            top.Total.ToString()!, "true", "true", "lulus", "false", "1", "", run.RunId.ToString()], first);
        var twice = lines.Single(l => l.Contains(NationalFixture.SatTwice, StringComparison.Ordinal)).Split(',');
        Assert.Equal("2", twice[12]);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(results, JsonSerializerOptions.Web)).RootElement;
        Assert.Equal("asncat-national-results/1", json.GetProperty("format").GetString());
        Assert.Equal(["format", "runId", "rankedAt", "final", "formation", "thresholdSet", "subtests", "rows"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["code", "agency", "position", "location", "education", "quota"], json.GetProperty("formation").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["participantNumber", "category", "rank", "scores", "total", "passed", "advances", "outcome", "finishedAttempts", "fromFormation"],
            json.GetProperty("rows")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["TWK", "TIU", "TKP"], json.GetProperty("subtests").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("skd-2024", json.GetProperty("thresholdSet").GetString());

        var unknown = await f.Results.ForFormationAsync("F-9", Ct);
        Assert.Equal("Tidak ada formasi dengan kode 'F-9'.", unknown.Why);
    }

    [Fact]
    public async Task The_benchmark_seed_at_a_small_size_ranks_every_candidate_once_by_the_scoring_rules()
    {
        // the data-layer form of bench/national-ranking.sh: COPY in and out on PostgreSQL (test.sh's second pass), EF on SQLite
        using var database = await TestDatabase.CreateAsync();
        var seed = new NationalRankingSeed(candidates: 3_000, formations: 250, sessions: 20);
        await using (var db = database.Open())
        {
            await seed.WriteAsync(db, TinyBank.Rules.Thresholds("skd-2024")!, Ct);
        }
        var ranker = new NationalRanker(new TestDbFactory(database), TinyBank.Rules, database.Time);
        var report = await ranker.RunAsync("bench", ct: Ct);

        Assert.Equal(250, report.Formations);
        Assert.Equal(3_000, report.Rows);
        await using var check = database.Open();
        var rows = await check.NationalRankingRows.Where(r => r.RunId == report.RunId).ToListAsync(Ct);
        Assert.Equal(3_000, rows.Select(r => r.CandidateId).Distinct().Count());
        Assert.Equal(seed.Attempts - 3_000, rows.Count(r => r.FinishedAttempts > 1));
        Assert.Equal(report.Flagged, rows.Count(r => r.FinishedAttempts > 1));
        var formations = await check.Formations.ToDictionaryAsync(x => x.Id, Ct);
        foreach (var formation in rows.GroupBy(r => r.FormationId))
        {
            var passers = formation.Where(r => r.Passed).OrderBy(r => r.Rank).ToList();
            // ranks are competition ranks over the total first: never a better total behind a worse one
            for (var i = 1; i < passers.Count; i++)
            {
                Assert.True(passers[i - 1].Total >= passers[i].Total);
            }
            var limit = 3 * formations[formation.Key].Quota;
            Assert.All(passers, r => Assert.Equal(r.Rank <= limit, r.Advances));
            Assert.All(formation.Where(r => !r.Passed), r => Assert.Null(r.Rank));
        }
        Assert.Contains(rows, r => r.Passed);
        Assert.Contains(rows, r => r.Outcome == "tidak_lulus");
    }
}
