using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Identity;
using AsnCat.Server.Runtime;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Jobs;
using Microsoft.AspNetCore.SignalR.Client;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// Redis gone for 30 s under two nodes (a redis-server of this test's own, killed and started
/// again on its port): both nodes keep serving pages, APIs and new hub connections the whole
/// time, /health/ready says Redis is down but the node ready, a node's pushes still reach its own
/// clients, and a push from node A reaches node B's observer again within 5 s of Redis's return.
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed class RedisOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Redis_down_for_30_seconds_the_nodes_keep_serving_and_pushes_resume_within_5_seconds_of_its_return()
    {
        await using var redis = await PrivateRedis.StartAsync();
        var settings = Engines.RedisSettings(redis.Configuration, Engines.Prefix());
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        await using var a = NodeHosts.Start(dirA, settings);
        await using var b = NodeHosts.Start(dirB, settings);
        await using var observer = await NodeHosts.ObserveAsync(b);
        // a board of A's own for its public API (each node has its own database here)
        await using var onA = await NodeHosts.ObserveAsync(a);
        var boards = new Dictionary<KestrelHost, string> { [a] = onA.Code, [b] = observer.Code };
        // a board nobody watches yet: its observer arrives during the outage
        var lateCode = await NodeHosts.SeedBoardAsync(b);
        Observer? lateObserver = null;
        var version = 2_000_000L;
        var first = observer.Arrival(++version);
        await NodeHosts.PushAsync(a, observer.Code, version);
        await first.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        await redis.StopAsync();
        var down = Stopwatch.StartNew();
        var rounds = 0;
        var slowest = TimeSpan.Zero;
        while (down.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var node in new[] { a, b })
            {
                var round = Stopwatch.StartNew();
                using var client = node.Anonymous();
                foreach (var path in new[] { "/health", StaffPaths.Login, "/api/public/live/sessions/" + Uri.EscapeDataString(boards[node]) })
                {
                    using var response = await client.GetAsync(path, Ct);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} on {node.Url} answered {(int)response.StatusCode} {down.Elapsed.TotalSeconds:0} s into the outage");
                }
                var ready = await client.GetAsync(OperationsExtensions.ReadyPath, Ct);
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                var view = (await ready.Content.ReadFromJsonAsync<ReadinessView>(Ct))!;
                Assert.Equal("Degraded", view.Status);
                Assert.NotEqual("Healthy", view.Checks.Single(c => c.Name == "redis").Status);
                // a new hub connection (an observer arriving during the outage) is taken too
                await using var late = new HubConnectionBuilder().WithUrl(node.Url + LiveHubContract.Path).Build();
                await late.StartAsync(Ct);
                // a push while Redis is away does not fail its sender, and still reaches the sender's own clients
                await NodeHosts.PushAsync(a, observer.Code, 1);
                var local = observer.Arrival(++version);
                await NodeHosts.PushAsync(b, observer.Code, version);
                await local.WaitAsync(TimeSpan.FromSeconds(5), Ct);   // that it arrives; the machine may be busy
                slowest = round.Elapsed > slowest ? round.Elapsed : slowest;
            }
            // an observer of a board no client of B watched before (B has no subscription for it in Redis yet)
            lateObserver ??= await NodeHosts.ObserveAsync(b, lateCode);
            rounds++;
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        }

        await redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        // every observer of B, the one that joined during the outage too, hears node A again
        var resumedFor = new List<TimeSpan>();
        foreach (var watching in new[] { observer, lateObserver! })
        {
            while (true)
            {
                Assert.True(back.Elapsed < TimeSpan.FromSeconds(15), $"no push from A reached B's observer of {watching.Code} in 15 s after Redis came back");
                var arrival = watching.Arrival(++version);
                await NodeHosts.PushAsync(a, watching.Code, version);
                if (await Task.WhenAny(arrival, Task.Delay(200, Ct)) == arrival)
                {
                    break;
                }
            }
            resumedFor.Add(back.Elapsed);
        }
        await lateObserver!.DisposeAsync();
        var resumed = resumedFor.Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"outage 30 s: {rounds} rounds on both nodes, slowest round {slowest.TotalMilliseconds:0} ms; pushes from A reached B's observers again {string.Join(" and ", resumedFor.Select(t => $"{t.TotalSeconds:0.00} s"))} after Redis answered again");
        Assert.True(resumed < TimeSpan.FromSeconds(5), $"pushes resumed only {resumed.TotalSeconds:0.0} s after Redis came back");
    }
}
