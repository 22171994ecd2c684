using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.Live;

/// <summary>
/// The public live state over plain HTTP, made for caches: an ETag of what an observer sees,
/// <c>Cache-Control: public, max-age=1</c>, 304 for a current tag, a new tag once an answer
/// shows, the venue board beside the session's; counted for the runtime view.
/// </summary>
public sealed class PublicLiveStateTests() : KestrelHostTest()
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private LiveCounters Counters => Host.Services.GetRequiredService<LiveCounters>();

    [Fact]
    public async Task A_current_tag_gets_304_and_an_answer_shown_on_the_board_changes_the_tag()
    {
        var (sessionId, people) = await Host.SeedSessionAsync(2);
        var code = await CodeAsync(sessionId);
        using var http = Host.Anonymous();

        using var first = await http.GetAsync($"/api/public/live/sessions/{code}", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 1 }, first.Headers.CacheControl?.ToString());
        // nginx, which counts cache lives in whole seconds, keeps it to the end of this second
        Assert.Equal([$"@{Time.GetUtcNow().ToUnixTimeSeconds()}"], first.Headers.GetValues(PublicLiveApi.NginxExpires));
        var tag = first.Headers.ETag!;
        Assert.False(tag.IsWeak);
        var board = JsonSerializer.Deserialize<LiveBoard>(await first.Content.ReadAsStringAsync(Ct), Web)!;
        Assert.Equal((LiveBoard.SessionKind, code, 2), (board.Kind, board.Subject, board.Rows.Count));
        Assert.All(board.Rows, r => Assert.Equal(0, r.Answered));

        using var again = await ConditionalAsync(http, $"/api/public/live/sessions/{code}", tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(tag, again.Headers.ETag);
        Assert.True(again.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 1 });
        Assert.Equal([$"@{Time.GetUtcNow().ToUnixTimeSeconds()}"], again.Headers.GetValues(PublicLiveApi.NginxExpires));
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));

        // a rebuild that changed nothing an observer sees keeps the tag (not the version or build time)
        Time.Advance(LiveScores.Interval);
        using var rebuilt = await ConditionalAsync(http, $"/api/public/live/sessions/{code}", tag);
        Assert.Equal(HttpStatusCode.NotModified, rebuilt.StatusCode);

        await using var terminal = await Host.LoginAsync(people[0]);
        Assert.True((await Tests.Hosts.KestrelHost.SaveAsync(terminal, 0, 2, 1)).Ok);
        Time.Advance(LiveScores.Interval);
        using var changed = await ConditionalAsync(http, $"/api/public/live/sessions/{code}", tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        var shown = JsonSerializer.Deserialize<LiveBoard>(await changed.Content.ReadAsStringAsync(Ct), Web)!;
        Assert.Equal(1, shown.Rows.Single(r => r.ParticipantNumber == people[0].Number).Answered);

        Assert.Equal((2L, 2L), (Counters.HttpBoards, Counters.HttpNotModified));
    }

    [Fact]
    public async Task The_venue_board_is_served_with_its_tag_and_an_unknown_venue_is_404_in_Indonesian()
    {
        var (sessionId, _) = await Host.SeedSessionAsync(3);
        var code = await CodeAsync(sessionId);
        using var http = Host.Anonymous();

        using var venue = await http.GetAsync("/api/public/live/venues/Ruang uji", Ct);
        Assert.Equal(HttpStatusCode.OK, venue.StatusCode);
        Assert.NotNull(venue.Headers.ETag);
        var board = JsonSerializer.Deserialize<LiveBoard>(await venue.Content.ReadAsStringAsync(Ct), Web)!;
        Assert.Equal((LiveBoard.VenueKind, "Ruang uji", 3), (board.Kind, board.Subject, board.Rows.Count));
        Assert.Equal([code], board.Sessions.Select(s => s.Code));

        using var star = await ConditionalAsync(http, "/api/public/live/venues/Ruang uji", System.Net.Http.Headers.EntityTagHeaderValue.Any);
        Assert.Equal(HttpStatusCode.NotModified, star.StatusCode);

        using var missing = await http.GetAsync("/api/public/live/venues/Tidak Ada", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Lokasi tidak ditemukan", (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_watched_board_is_served_as_the_hub_holds_it_with_the_same_tag_until_it_changes()
    {
        var (sessionId, _) = await Host.SeedSessionAsync(1);
        var code = await CodeAsync(sessionId);
        var live = Host.Services.GetRequiredService<LiveScores>();
        var recorder = new LiveBoardRecorder();
        using var watch = await live.WatchAsync(LiveBoard.SessionKind, code, recorder.OnBoard, Ct);
        using var http = Host.Anonymous();

        using var a = await http.GetAsync($"/api/public/live/sessions/{code}", Ct);
        using var b = await http.GetAsync($"/api/public/live/sessions/{code}", Ct);
        Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        var served = JsonSerializer.Deserialize<LiveBoard>(await b.Content.ReadAsStringAsync(Ct), Web)!;
        Assert.Equal(recorder.Latest!.Version, served.Version);
        Assert.Same(recorder.Latest, live.Latest(LiveBoard.SessionKind, code));
    }

    private static Task<HttpResponseMessage> ConditionalAsync(HttpClient http, string path, System.Net.Http.Headers.EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(tag);
        return http.SendAsync(request, Ct);
    }

    private async Task<string> CodeAsync(int sessionId)
    {
        await using var db = Host.Db();
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct);
    }
}
