using AsnCat.Tool.National;
using System.Text.Json;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

public sealed class NationalPublicationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_national_publication_names_every_venue_bundle_and_head_and_carries_each_formations_rows_of_the_newest_run()
    {
        using var f = await NationalFixture.CreateAsync();
        var publication = new NationalPublication(new TestDbFactory(f.Database), TinyBank.Rules);
        Assert.Null(await publication.BuildAsync(Ct));
        await f.AcceptSessionBAsync();
        var run = await f.Ranker.RunAsync("panitia", ct: Ct);

        var file = (await publication.BuildAsync(Ct))!;
        Assert.Equal("asncat-national/1", file.Format);
        Assert.Equal((run.RunId, run.Flagged), (file.Selection.RunId, file.Selection.Flagged));
        Assert.Equal(["skd-2024"], file.Selection.ThresholdSets);
        Assert.Equal(f.People.Count, file.Selection.Candidates);
        Assert.Equal(
            [new PublishedBundle("Lokasi A", NationalFixture.SessionA, new string('a', 64), new string('b', 64)),
             new PublishedBundle("Lokasi B", NationalFixture.SessionB, new string('c', 64), new string('d', 64))],
            file.Bundles);
        Assert.Equal(["F-1", "F-2", "F-3"], file.Formations.Select(x => x.Code));
        var rows = await f.RowsAsync(run.RunId);
        foreach (var formation in file.Formations)
        {
            var stored = rows.Where(r => r.Formation == formation.Code).ToDictionary(r => r.Row.ParticipantNumber, r => r.Row);
            Assert.Equal(stored.Count, formation.Rows.Count);
            Assert.All(formation.Rows, r => Assert.Equal((stored[r.ParticipantNumber].Rank, stored[r.ParticipantNumber].Advances, stored[r.ParticipantNumber].Total), (r.Rank, r.Advances, r.Total)));
            Assert.Equal(["TWK", "TIU", "TKP"], formation.Subtests);
        }
        var json = JsonDocument.Parse(JsonSerializer.Serialize(file, JsonSerializerOptions.Web)).RootElement;
        Assert.Equal(["format", "selection", "bundles", "formations"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["venue", "session", "sha256", "ledgerHead"], json.GetProperty("bundles")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_session_that_holds_only_second_sittings_is_named_too()
    {
        using var f = await NationalFixture.CreateAsync();
        await f.AcceptSessionBAsync();
        // session C: the candidate who sat at A and B sits a third time, after both; nothing of C counts
        await using (var db = f.Database.Open())
        {
            var a = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Code == NationalFixture.SessionA, Ct);
            var candidate = await db.Candidates.SingleAsync(c => c.ParticipantNumber == NationalFixture.SatTwice, Ct);
            db.Attempts.Add(new AsnCat.Server.Data.Attempt
            {
                ExamSession = new AsnCat.Server.Data.ExamSession
                {
                    Code = "S-C", Venue = "Lokasi C", Room = "Ruang 1", Seats = 10, TimeZone = "WIT", StartsAt = a.StartsAt, BlueprintCode = "skd",
                    BlueprintSnapshotId = a.BlueprintSnapshotId, BankVersionId = a.BankVersionId, ThresholdSetCode = "skd-2024", Seed = new string('6', 32),
                    State = AsnCat.Server.Data.SessionState.Ended, BundleSha256 = new string('e', 64), LedgerHead = new string('f', 64),
                },
                Candidate = candidate, State = AsnCat.Server.Data.AttemptState.Finished, StartedAt = a.StartsAt.AddDays(2), FinishedAt = a.StartsAt.AddDays(2).AddMinutes(100),
                EndedBy = "candidate", Total = 300, Scores = new Dictionary<string, int> { ["TWK"] = 80, ["TIU"] = 90, ["TKP"] = 130 },
            });
            await db.SaveChangesAsync(Ct);
        }
        var run = await f.Ranker.RunAsync("panitia", ct: Ct);
        var file = (await new NationalPublication(new TestDbFactory(f.Database), TinyBank.Rules).BuildAsync(Ct))!;

        var row = file.Formations.SelectMany(x => x.Rows).Single(r => r.ParticipantNumber == NationalFixture.SatTwice);
        Assert.Equal(3, row.FinishedAttempts);
        Assert.Equal([NationalFixture.SessionA, NationalFixture.SessionB, "S-C"], file.Bundles.Select(b => b.Session));
        Assert.Equal(run.RunId, file.Selection.RunId);
    }
}
