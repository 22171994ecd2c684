using System.Collections.Concurrent;
using System.Diagnostics;
using AsnCat.Server.Tests.Hosts;
using AsnCat.Server.Tests.Jobs;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>Which host built a job: each test host registers its own.</summary>
public sealed record NodeName(string Value);

/// <summary>
/// A job the tests schedule on the shared storage: it writes down which node ran it and for which
/// occurrence (Hangfire's <c>Time</c> parameter of a recurring job's run). With <c>hold</c>, the run
/// on <see cref="HeldOn"/> does not return until the test lets it (and ignores the node's shutdown),
/// as a job would that its node died under.
/// </summary>
public sealed class ProbeJob(NodeName node)
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<(string Node, long Time, string JobId)>> Runs = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Held = new();

    public const string HeldOn = "A";

    public void Run(string key, PerformContext? context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Runs.GetOrAdd(key, _ => new()).Enqueue((node.Value, context.GetJobParameter<long>("Time"), context.BackgroundJob.Id));
    }

    public async Task HoldAsync(string key, PerformContext? context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Runs.GetOrAdd(key, _ => new()).Enqueue((node.Value, 0, context.BackgroundJob.Id));
        if (node.Value == HeldOn)
        {
            await Held.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}

/// <summary>
/// Two nodes on one PostgreSQL job storage (<c>Jobs:Storage = Postgres</c>), each with its own
/// application database: Hangfire's distributed locks and queue make a recurring job run once per
/// occurrence, and a job whose node went away with it unfinished is run by the other node.
/// </summary>
[Collection(typeof(SerialExamHostTests))]
public sealed class SharedJobStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static KestrelHost Node(TempDir dir, string name, PostgresDatabase jobs) => KestrelHost.Start(new ServerOptions
    {
        DataDir = dir.Path,
        Time = new FakeTimeProvider(KestrelHost.T0),
        Settings = Engines.JobSettings(jobs.ConnectionString),
        Services = s => s.AddSingleton(new NodeName(name)),
    });

    [Fact]
    public async Task A_recurring_job_runs_exactly_once_per_occurrence_with_two_nodes_up()
    {
        await using var jobs = await PostgresDatabase.CreateAsync();
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        await using var a = Node(dirA, "A", jobs);
        await using var b = Node(dirB, "B", jobs);
        var key = "berulang-" + Guid.NewGuid().ToString("N")[..8];

        // every 2 s; registered by both nodes, as every node registers the centre's jobs at its start
        foreach (var host in new[] { a, b })
        {
            host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ProbeJob>(key, j => j.Run(key, null), "*/2 * * * * *");
        }
        await Task.Delay(TimeSpan.FromSeconds(16), Ct);
        foreach (var host in new[] { a, b })
        {
            host.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(key);
        }

        var runs = ProbeJob.Runs.GetValueOrDefault(key)?.ToList() ?? [];
        var perOccurrence = runs.GroupBy(r => r.Time).ToList();
        Assert.All(perOccurrence, o => Assert.True(o.Count() == 1,
            $"occurrence {o.Key} ran {o.Count()} times (nodes {string.Join(", ", o.Select(r => r.Node))})"));
        // 16 s at one occurrence per 2 s is 8; Hangfire skips occurrences its scheduler was late
        // for (a busy machine), so at least 4: enough to show every occurrence ran once
        Assert.True(perOccurrence.Count >= 4, $"only {perOccurrence.Count} occurrences ran in 16 s: {string.Join(", ", runs)}");
        Assert.Equal(runs.Count, runs.Select(r => r.JobId).Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine($"{runs.Count} runs in 16 s: {runs.Count(r => r.Node == "A")} on A, {runs.Count(r => r.Node == "B")} on B");
    }

    [Fact]
    public async Task A_job_left_unfinished_by_a_node_that_went_away_is_run_by_the_other_node()
    {
        await using var jobs = await PostgresDatabase.CreateAsync();
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        var key = "yatim-" + Guid.NewGuid().ToString("N")[..8];
        var a = Node(dirA, "A", jobs);
        try
        {
            var id = a.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ProbeJob>(j => j.HoldAsync(key, null));
            await Until(() => ProbeJob.Runs.GetValueOrDefault(key)?.Any(r => r.Node == "A") == true, TimeSpan.FromSeconds(20), "node A never took the job");

            await using var b = Node(dirB, "B", jobs);
            // A stops with the job still running: its worker is abandoned after the 5 s shutdown
            // budget and its heartbeat, which kept the job hidden from other nodes, stops with it;
            // the queue's row stays taken, exactly as a node killed mid-job leaves it
            var stopped = Stopwatch.StartNew();
            await a.DisposeAsync();
            await Until(() => ProbeJob.Runs.GetValueOrDefault(key)?.Any(r => r.Node == "B") == true, TimeSpan.FromSeconds(40), "node B never took the job over");
            TestContext.Current.TestOutputHelper?.WriteLine($"taken over by B {stopped.Elapsed.TotalSeconds:0.0} s after A began to stop (invisibility timeout 5 s)");
            await Until(() =>
            {
                using var connection = b.Services.GetRequiredService<JobStorage>().GetConnection();
                return connection.GetStateData(id)?.Name == "Succeeded";
            }, TimeSpan.FromSeconds(10), "B's run did not end as succeeded");
        }
        finally
        {
            // the abandoned run on A may end now
            ProbeJob.Held.GetOrAdd(key, _ => new()).TrySetResult();
            await a.DisposeAsync();
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan limit, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < limit, failure);
            await Task.Delay(100, Ct);
        }
    }
}
