using AsnCat.Tool.National;
using System.Text.Json;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
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
}
