using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Publishing;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// The centre on real engines through nginx and HTTPS, two nodes (<see cref="Centre"/>): pushes
/// cross nodes, a staff sign-in works on either node, and the staff cookie is Secure behind the proxy.
/// </summary>
[Collection(nameof(CentreNodes))]
public sealed class CentreTests(Centre centre)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_publication_made_on_node_A_reaches_a_watcher_connected_through_node_B_within_a_second()
    {
        await centre.BothUpAsync();
        var notices = Channel.CreateUnbounded<(PublicationNotice Notice, long At)>();
        await using var watcher = await centre.WatcherAsync("n2", n => notices.Writer.TryWrite((n, Stopwatch.GetTimestamp())));
        var (staff, cookies) = await centre.StaffAsync("n1");
        using var _ = staff;

        var sent = Stopwatch.GetTimestamp();
        var response = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, Centre.SessionCode(2)), Json, Ct);
        var answered = Stopwatch.GetTimestamp();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("n1", centre.Route(cookies));   // node A answered
        var published = (await response.Content.ReadFromJsonAsync<PublishedResult>(Json, Ct))!;
        var (notice, at) = await notices.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal((published.Id, published.Version), (notice.Id, notice.Version));
        var afterAnswer = Stopwatch.GetElapsedTime(answered, at);
        TestContext.Current.TestOutputHelper?.WriteLine($"push A -> B: {Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds:F0} ms after the request was sent, {afterAnswer.TotalMilliseconds:F0} ms after its answer");
        Assert.True(afterAnswer < TimeSpan.FromSeconds(1), $"the notice reached B {afterAnswer.TotalMilliseconds:F0} ms after A answered");
    }

    [Fact]
    public async Task A_staff_member_signed_in_on_A_goes_on_working_on_B_with_a_secure_cookie()
    {
        await centre.BothUpAsync();
        var (client, cookies) = centre.Client("n1");
        using var _ = client;

        var login = await client.PostAsJsonAsync("/api/account/login", new { userName = Centre.Staff, password = Centre.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("n1", centre.Route(cookies));
        var staffCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("asncat.staf=", StringComparison.Ordinal));
        Assert.Contains("secure", staffCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", staffCookie, StringComparison.OrdinalIgnoreCase);
        // the same cookie, now routed to node B
        cookies.Add(new Uri(centre.Url), new Cookie("asncat_node", "n2"));
        var me = await client.GetAsync("/api/account/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("n2", centre.Route(cookies));
        Assert.Equal(Centre.Staff, (await me.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("userName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/konsol/publikasi", Ct)).StatusCode);
        Assert.Equal("n2", centre.Route(cookies));
    }

    [Fact]
    public async Task Public_pages_and_apis_answer_over_https_and_plain_node_addresses_are_not_the_public_door()
    {
        await centre.BothUpAsync();
        var (client, cookies) = centre.Client();
        using var _ = client;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hasil", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/results", Ct)).StatusCode);
        Assert.True(centre.Route(cookies) is "n1" or "n2");
        var front = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, front.StatusCode);
        Assert.Equal("/hasil", front.Headers.Location?.OriginalString);
        Assert.True(front.Headers.Contains("Strict-Transport-Security"));
        await using var db = centre.Db();
        Assert.True(await db.Database.CanConnectAsync(Ct));
    }
}

[CollectionDefinition(nameof(CentreNodes))]
public sealed class CentreNodes : ICollectionFixture<Centre>;
