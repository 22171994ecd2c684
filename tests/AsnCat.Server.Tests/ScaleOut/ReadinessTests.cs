using System.Net;
using System.Net.Http.Json;
using AsnCat.Server.Runtime;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Jobs;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>
/// <c>/health/ready</c>: every dependency by name with its engine, state and a line of Indonesian;
/// 503 only when a required one (the database) is down; <c>/health</c> unchanged.
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, ReadinessView View)> ReadyAsync(KestrelHost node)
    {
        using var client = node.Anonymous();
        using var response = await client.GetAsync(OperationsExtensions.ReadyPath, Ct);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<ReadinessView>(Ct))!);
    }

    [Fact]
    public async Task A_single_node_names_its_SQLite_database_and_in_memory_job_queue_and_a_lost_database_makes_it_not_ready()
    {
        var dir = new TempDir();
        try
        {
            await using var node = NodeHosts.Start(dir, new Dictionary<string, string>());
            var (status, view) = await ReadyAsync(node);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", view.Status);
            Assert.Equal("all", view.Role);
            Assert.Equal(["database", "jobs"], view.Checks.Select(c => c.Name).Order());
            var database = view.Checks.Single(c => c.Name == "database");
            Assert.Equal(("SQLite", true, "Healthy"), (database.Engine, database.Required, database.Status));
            Assert.Contains("SQLite", database.Description, StringComparison.Ordinal);
            var jobs = view.Checks.Single(c => c.Name == "jobs");
            Assert.Equal(("memori proses", false, "Healthy"), (jobs.Engine, jobs.Required, jobs.Status));

            // the database's folder gone (a disk unmounted): SQLite cannot open it any more
            Directory.Delete(dir.Path, recursive: true);
            (status, view) = await ReadyAsync(node);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", view.Status);
            Assert.StartsWith("Tidak siap", view.Description, StringComparison.Ordinal);
            database = view.Checks.Single(c => c.Name == "database");
            Assert.Equal("Unhealthy", database.Status);
            Assert.StartsWith("Basis data SQLite tidak", database.Description, StringComparison.Ordinal);
            // liveness is another question: the process still answers
            using var client = node.Anonymous();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
        }
        finally
        {
            dir.Dispose();
        }
    }

    [Fact]
    public async Task A_centre_node_names_PostgreSQL_for_its_jobs_and_Redis_and_stays_ready_when_the_job_queue_is_lost()
    {
        await Engines.RequireRedisAsync();
        await using var jobs = await PostgresDatabase.CreateAsync();
        using var dir = new TempDir();
        var settings = Engines.RedisSettings(Engines.Redis, Engines.Prefix());
        foreach (var (key, value) in Engines.JobSettings(jobs.ConnectionString))
        {
            settings[key] = value;
        }
        await using var node = NodeHosts.Start(dir, settings);
        var (status, view) = await ReadyAsync(node);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", view.Status);
        Assert.Equal(["database", "jobs", "redis"], view.Checks.Select(c => c.Name).Order());
        var redis = view.Checks.Single(c => c.Name == "redis");
        Assert.Equal(("Redis", false, "Healthy"), (redis.Engine, redis.Required, redis.Status));
        Assert.StartsWith("Redis menjawab", redis.Description, StringComparison.Ordinal);
        var queue = view.Checks.Single(c => c.Name == "jobs");
        Assert.Equal(("PostgreSQL", "Healthy"), (queue.Engine, queue.Status));
        Assert.Contains("1 server pekerjaan aktif", queue.Description, StringComparison.Ordinal);

        // the job queue's database dropped under the node: degraded, still ready (no page needs it)
        await jobs.DisposeAsync();
        (status, view) = await ReadyAsync(node);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", view.Status);
        queue = view.Checks.Single(c => c.Name == "jobs");
        Assert.Equal("Degraded", queue.Status);
        Assert.StartsWith("Antrean pekerjaan latar (PostgreSQL) tidak menjawab", queue.Description, StringComparison.Ordinal);
    }
}
