using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using AsnCat.Contracts.Live;
using AsnCat.Server.Hosting;
using AsnCat.Server.Publishing;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Cluster;

/// <summary>
/// The engines going away under the centre, through nginx: Redis stopped for 30 s (pages and APIs
/// keep answering, pushes resume within 5 s of its return) and PostgreSQL restarted under load
/// (clear 503s in Indonesian, no false success, everything works again without restarting a node).
/// </summary>
[Collection(nameof(CentreNodes))]
public sealed class EngineOutageTests(Centre centre)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Reads = ["/hasil", "/api/public/results"];

    [Fact]
    public async Task With_redis_stopped_for_30_s_pages_and_apis_answer_and_pushes_resume_within_5_s_of_its_return()
    {
        await centre.BothUpAsync();
        var notices = Channel.CreateUnbounded<PublicationNotice>();
        await using var watcher = await centre.WatcherAsync("n2", n => notices.Writer.TryWrite(n));
        var (staff, _) = await centre.StaffAsync("n1");
        var (onA, _) = centre.Client("n1");
        var (onB, _) = centre.Client("n2");
        using var s = staff;
        using var a = onA;
        using var b = onB;

        await centre.Redis.StopAsync();
        var down = Stopwatch.StartNew();
        var answers = new List<string>();
        var published = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, Centre.SessionCode(4)), CentreTests.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);   // writing needs no Redis
        while (down.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var (client, path) in new[] { (onA, Reads[0]), (onB, Reads[0]), (onA, Reads[1]), (onB, Reads[1]), (staff, "/api/publications") })
            {
                var response = await client.GetAsync(path, Ct);
                answers.Add($"{(int)response.StatusCode} {path}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        }
        Assert.All(answers, answer => Assert.StartsWith("200 ", answer, StringComparison.Ordinal));

        await centre.Redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        // a publication on A every half second until the watcher on B hears one
        TimeSpan? resumed = null;
        for (var i = 5; i <= 20 && resumed is null && back.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            var code = Centre.SessionCode(i);
            var response = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, code), CentreTests.Json, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                while (true)
                {
                    if ((await notices.Reader.ReadAsync(wait.Token)).Subject == code)
                    {
                        resumed = back.Elapsed;
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                // not yet: the backplane is still reconnecting
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"redis away 30 s: {answers.Count} reads, all 200; pushes across nodes resumed {resumed?.TotalSeconds:F1} s after Redis returned");
        Assert.True(resumed is { } r && r < TimeSpan.FromSeconds(5), $"pushes resumed after {resumed?.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "more than 10"} s");
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_answers_503_in_indonesian_never_a_false_success_and_recovers_without_restarting_a_node()
    {
        await centre.BothUpAsync();
        var (staff, _) = await centre.StaffAsync("n1");
        using var s = staff;
        var outcomes = new ConcurrentBag<(string What, HttpStatusCode Status, string Body)>();
        var writes = new ConcurrentBag<(string Subject, HttpStatusCode Status, double At)>();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var next = 20;
        async Task ReadLoopAsync(HttpClient client, string path)
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await client.GetAsync(path, Ct);
                outcomes.Add((path, response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
            }
        }
        async Task WriteLoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var code = Centre.SessionCode(Interlocked.Increment(ref next));
                if (next > Centre.Sessions)
                {
                    return;
                }
                var response = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, code), CentreTests.Json, Ct);
                outcomes.Add(("POST /api/publications", response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
                writes.Add((code, response.StatusCode, clock.Elapsed.TotalSeconds));
                await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
            }
        }
        var clients = new[] { centre.Client("n1").Client, centre.Client("n2").Client };
        var load = new List<Task>
        {
            ReadLoopAsync(clients[0], "/api/public/results"), ReadLoopAsync(clients[1], "/api/public/results"),
            ReadLoopAsync(clients[0], "/hasil"), ReadLoopAsync(clients[1], "/hasil"),
            ReadLoopAsync(staff, "/api/publications"), WriteLoopAsync(),
        };

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await centre.Postgres.StopAsync();
        var stoppedAt = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        await centre.Postgres.StartAgainAsync();
        var backAt = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var unavailable = outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"postgres restart under load: {outcomes.Count} requests, {outcomes.Count(o => o.Status is HttpStatusCode.OK or HttpStatusCode.Created)} answered 200/201, {unavailable.Count} answered 503, "
            + $"{writes.Count} publications sent ({writes.Count(w => w.Status == HttpStatusCode.ServiceUnavailable)} refused with 503); down {stoppedAt:F1}-{backAt:F1} s; writes: "
            + string.Join(", ", writes.OrderBy(w => w.At).Select(w => $"{w.At:F1}s {(int)w.Status}")));
        Assert.NotEmpty(unavailable);   // the outage was seen
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{o.What}: {(int)o.Status} {o.Body[..Math.Min(300, o.Body.Length)]}"));
        Assert.All(unavailable, o => Assert.Contains(DatabaseOutage.Title, o.What.StartsWith("/hasil", StringComparison.Ordinal) ? o.Body : JsonDocument.Parse(o.Body).RootElement.GetProperty("title").GetString(), StringComparison.Ordinal));
        // no false success: every publication answered 201 is stored; a refused one is not
        await using (var db = centre.Db())
        {
            var stored = await db.Publications.Select(p => p.Subject).ToListAsync(Ct);
            Assert.All(writes.Where(w => w.Status == HttpStatusCode.Created), w => Assert.Contains(w.Subject, stored));
            Assert.All(writes.Where(w => w.Status == HttpStatusCode.ServiceUnavailable), w => Assert.DoesNotContain(w.Subject, stored));
        }
        // afterwards, the same nodes (never restarted) answer and store again
        Assert.True(centre.A.Running && centre.B.Running);
        foreach (var node in new[] { "n1", "n2" })
        {
            var (client, _) = centre.Client(node);
            using var c = client;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/results", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hasil", Ct)).StatusCode);
        }
        var retried = writes.Where(w => w.Status == HttpStatusCode.ServiceUnavailable).Select(w => w.Subject).DefaultIfEmpty(Centre.SessionCode(Centre.Sessions)).First();
        var again = await staff.PostAsJsonAsync("/api/publications", new PublishRequest(PublicationKinds.Session, retried), CentreTests.Json, Ct);
        Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"after the restart: {(int)again.StatusCode} {await again.Content.ReadAsStringAsync(Ct)}");
    }
}
