using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>Progress up: the venue's board is what the centre's live boards serve and push for that session; idempotent by seq; unsigned refused.</summary>
public sealed class ProgressTests() : KestrelHostTest(recordHubFrames: false)
{
    [Fact]
    public async Task The_venues_board_reaches_the_centres_watchers_and_public_state_once_per_seq()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        using var venue = await CentreClient.EnrolledAsync(Host, admin, "LOK-PRG-01");
        var session = await IntakeFixture.SeedAsync(Host, "PRG", "LOK-PRG-01", seed: null, start: false, count: 2);
        Assert.Single((await venue.Client.GetFromJsonAsync<PackageList>(SyncContract.PackagesPath, Ct))!.Packages);

        var pushed = new TaskCompletionSource<LiveBoard>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await Host.Services.GetRequiredService<LiveScores>().WatchAsync(LiveBoard.SessionKind, session.Code, b =>
        {
            if (b.Rows.Any(r => r.Name == "Dari lokasi"))
            {
                pushed.TrySetResult(b);
            }
            return Task.CompletedTask;
        }, Ct);
        Assert.NotNull(watch);

        Assert.Equal(1, await PostAsync(venue, Batch(1, session.Code, "Dari lokasi", Time.GetUtcNow())));
        var board = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(session.Code, board.Subject);
        Assert.Equal(7, Assert.Single(board.Rows).Answered);

        // the same seq again, with other content: answered with the last accepted, ignored
        Assert.Equal(1, await PostAsync(venue, Batch(1, session.Code, "Tidak boleh tampil", Time.GetUtcNow().AddSeconds(1))));
        // an unsigned batch: refused
        var unsigned = await venue.PostAsync(SyncContract.ProgressPath, JsonSerializer.SerializeToUtf8Bytes(Batch(2, session.Code, "Tanpa tanda tangan", Time.GetUtcNow().AddSeconds(2)), JsonSerializerOptions.Web), sign: false);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Time.Advance(TimeSpan.FromSeconds(5));
        using var anonymous = Host.Anonymous();
        var state = await anonymous.GetStringAsync($"/api/public/live/sessions/{session.Code}", Ct);
        Assert.Contains("Dari lokasi", state, StringComparison.Ordinal);
        Assert.DoesNotContain("Tidak boleh tampil", state, StringComparison.Ordinal);
        Assert.DoesNotContain("Tanpa tanda tangan", state, StringComparison.Ordinal);
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.ProgressReceived, "LOK-PRG-01", a => a == "lokasi:LOK-PRG-01");
    }

    private static ProgressBatch Batch(long seq, string session, string name, DateTimeOffset at) =>
        new(seq, at, [new LiveBoard(LiveBoard.SessionKind, session, "LOK-PRG-01", [new LiveSession(session, "LOK-PRG-01", null, "WITA", "berlangsung", at)],
            ["TWK", "TIU", "TKP"], [new LiveRow(session, "PRG-0001", name, null, null, null, 7, 110, "berlangsung", false)], seq, at)]);

    private static async Task<long> PostAsync(TestVenue venue, ProgressBatch batch)
    {
        var response = await venue.PostAsync(SyncContract.ProgressPath, JsonSerializer.SerializeToUtf8Bytes(batch, JsonSerializerOptions.Web));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProgressReply>(Ct))!.AcceptedSeq;
    }
}
