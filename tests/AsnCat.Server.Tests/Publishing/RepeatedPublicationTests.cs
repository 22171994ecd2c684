using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using AsnCat.Contracts.Live;
using AsnCat.Server.Identity;
using AsnCat.Server.Publishing;
using AsnCat.Server.Tests.Results;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Publishing;

/// <summary>
/// A publication request sent again (a retry after a lost answer, a second click, another node) is
/// applied once: same publication, no new version, one audit entry, one announcement on the live hub.
/// A correction (other rows) is still the next version.
/// </summary>
public sealed class RepeatedPublicationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_same_publication_requested_twice_is_stored_and_announced_once_and_the_second_answer_says_so()
    {
        await using var host = await PublishingFixture.StartAsync();
        await using var watcher = new HubConnectionBuilder().WithUrl(host.Url + LiveHubContract.Path).Build();
        var notices = Channel.CreateUnbounded<PublicationNotice>();
        watcher.On<PublicationNotice>(nameof(ILiveClient.Published), n => notices.Writer.TryWrite(n));
        await watcher.StartAsync(Ct);
        await watcher.InvokeAsync(nameof(ILiveHub.WatchPublications), Ct);
        using var ketua = await host.StaffAsync("ketua-ulang", StaffRoles.Panitia);
        var request = new PublishRequest(PublicationKinds.Formation, ResultsFixture.FormationA);

        var first = await ketua.PostAsJsonAsync("/api/publications", request, Json, Ct);
        var again = await ketua.PostAsJsonAsync("/api/publications", request, Json, Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var a = (await first.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        var b = (await again.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        Assert.Equal((a.Id, a.Version, a.RowsSha256), (b.Id, b.Version, b.RowsSha256));
        Assert.Equal((false, true), (a.AlreadyPublished, b.AlreadyPublished));
        Assert.Equal(PublicationApi.AlreadyPublishedMessage, b.Message);
        var notice = await notices.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((a.Id, a.Version, a.Page, a.Json), (notice.Id, notice.Version, notice.Page, notice.Json));

        // a correction is still a new version, and announced
        var table = (await host.Publisher.FormationTableAsync(ResultsFixture.FormationA, Ct))!;
        var corrected = table with { Rows = [.. table.Rows.Select(r => r.ParticipantNumber == "A01" ? r with { Cells = [.. r.Cells.Select(c => c == "Peserta A01" ? "Peserta A01 (ralat)" : c)] } : r)] };
        var second = await host.Publisher.PublishOnceAsync(corrected, "ketua-ulang", null, Ct);
        Assert.Equal((2, false), (second.Publication.Version, second.AlreadyPublished));
        Assert.Equal(2, (await notices.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct)).Version);

        await using var db = host.Db();
        Assert.Equal(2, await db.Publications.CountAsync(Ct));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == Publisher.AuditAction, Ct));
        Assert.False(notices.Reader.TryRead(out _));
    }
}
