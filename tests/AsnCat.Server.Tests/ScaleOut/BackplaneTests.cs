using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AsnCat.Server.Identity;
using AsnCat.Server.Runtime;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Jobs;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// Two nodes on one Redis (<c>SignalR:Redis</c>), each with its own database and files: a hub
/// message sent on one reaches a client of the other, and a staff cookie or an antiforgery token
/// issued by one is read by the other (the data-protection keys live in that Redis).
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed partial class BackplaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_board_push_sent_on_node_A_reaches_an_observer_on_node_B_within_a_second()
    {
        await Engines.RequireRedisAsync();
        var settings = Engines.RedisSettings(Engines.Redis, Engines.Prefix());
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        await using var a = NodeHosts.Start(dirA, settings);
        await using var b = NodeHosts.Start(dirB, settings);
        await using var observer = await NodeHosts.ObserveAsync(b);

        // the first push through a fresh pair of nodes runs every piece of the path for the first
        // time (JIT, Redis channel subscription): it must arrive, and the next five are timed
        var warm = observer.Arrival(1_000_000);
        await NodeHosts.PushAsync(a, observer.Code, 1_000_000);
        await warm.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var delays = new List<TimeSpan>();
        for (var version = 1_000_001L; version <= 1_000_005; version++)
        {
            var arrival = observer.Arrival(version);
            var sent = Stopwatch.GetTimestamp();
            await NodeHosts.PushAsync(a, observer.Code, version);
            var at = await arrival.WaitAsync(TimeSpan.FromSeconds(5), Ct);
            delays.Add(Stopwatch.GetElapsedTime(sent, at));
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"A -> Redis -> B: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:0.0} ms"))}");
        Assert.All(delays, d => Assert.True(d < TimeSpan.FromSeconds(1), $"a push took {d.TotalMilliseconds:0} ms from A to B's observer"));
    }

    [Fact]
    public async Task A_staff_cookie_and_an_antiforgery_token_from_node_A_are_accepted_by_node_B_and_not_by_a_node_off_the_centre()
    {
        await Engines.RequireRedisAsync();
        var settings = Engines.RedisSettings(Engines.Redis, Engines.Prefix());
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var dirC = new TempDir();
        await using var a = NodeHosts.Start(dirA, settings);
        await using var b = NodeHosts.Start(dirB, settings);
        // a node of no centre: its keys in its own folder, as without SignalR:Redis
        await using var c = NodeHosts.Start(dirC, new Dictionary<string, string>());
        const string user = "kepala-pusat";
        foreach (var node in new[] { a, b, c })
        {
            await node.CreateStaffAsync(user, StaffRoles.Admin, TestStaff.Password);
        }

        // the sign-in cookie A issues
        var cookies = new CookieContainer();
        using (var onA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(a.Url) })
        {
            await TestStaff.LogInAsync(onA, user);
        }
        var staffCookie = cookies.GetCookieHeader(new Uri(a.Url));
        Assert.Contains("asncat.staf=", staffCookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(b, RuntimeApi.Path, staffCookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(c, RuntimeApi.Path, staffCookie));

        // the login form A served (its antiforgery cookie and field), posted to B
        using var anonymous = a.Anonymous();
        using var page = await anonymous.GetAsync(StaffPaths.Login, Ct);
        var formCookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(h => h.Split(';')[0]));
        var field = HiddenField().Match(await page.Content.ReadAsStringAsync(Ct));
        Assert.True(field.Success, "the login page has no antiforgery field");
        using var onB = await PostLoginAsync(b, formCookies, field, user);
        Assert.Equal(HttpStatusCode.Redirect, onB.StatusCode);
        Assert.Equal(StaffPaths.Home, onB.Headers.Location?.OriginalString);
        using var onC = await PostLoginAsync(c, formCookies, field, user);
        Assert.Equal(HttpStatusCode.BadRequest, onC.StatusCode);
    }

    private static async Task<HttpStatusCode> GetAsync(KestrelHost node, string path, string cookie)
    {
        using var client = node.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(KestrelHost node, string cookies, Match field, string user)
    {
        using var client = node.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, StaffPaths.Login)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = user,
                ["password"] = TestStaff.Password,
                [WebUtility.HtmlDecode(field.Groups["name"].Value)] = WebUtility.HtmlDecode(field.Groups["value"].Value),
            }),
        };
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request, Ct);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)">""")]
    private static partial Regex HiddenField();
}
