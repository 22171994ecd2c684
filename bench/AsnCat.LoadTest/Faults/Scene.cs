using System.Diagnostics;

namespace AsnCat.LoadTest.Faults;

/// <summary>
/// One fault's stage: a server on its own files, a running session, and N terminals logged in
/// that make one change every <see cref="Interval"/> each while the fault is played.
/// </summary>
public sealed class Scene : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private Scene(FaultServer server, int sessionId, List<FaultTerminal> terminals)
    {
        Server = server;
        SessionId = sessionId;
        Terminals = terminals;
    }

    public FaultServer Server { get; }

    public int SessionId { get; }

    public List<FaultTerminal> Terminals { get; }

    public long Acks => Terminals.Sum(t => (long)t.Acks.Count);

    public int StorageRefusals => Terminals.Sum(t => t.StorageRefusals);

    /// <param name="startedAgo">How long ago the session started (each candidate then has the exam's duration minus this left).</param>
    public static async Task<Scene> StartAsync(string name, string serverDll, string dataDir, string runDir, int count, Func<int, bool> sendsTwice, CancellationToken ct, TimeSpan startedAgo = default)
    {
        var server = new FaultServer(serverDll, dataDir, runDir, name);
        await server.StartAsync(ct);
        var session = await server.SeedAsync(count, ct, startedAgo: startedAgo);
        var terminals = session.People.Select((p, i) => new FaultTerminal(i, p, () => server.HubUrl, sendsTwice(i))).ToList();
        await Connections.ForEachAsync(terminals, Connections.Parallelism, (t, token) => t.LoginAsync(token), ct);
        var notIn = terminals.Where(t => !t.LoggedIn).ToList();
        if (notIn.Count > 0)
        {
            throw new InvalidOperationException($"{notIn.Count} of {count} terminals could not log in: {notIn[0].FirstProblem}");
        }
        return new Scene(server, session.Id, terminals);
    }

    /// <summary>Every terminal answers at its pace for <paramref name="length"/> (returns at once; await the task).</summary>
    public Task RunAsync(TimeSpan length, CancellationToken ct)
    {
        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Terminals.Select(t => Task.Run(() => t.RunAsync(end, Interval, ct), ct)));
    }

    /// <summary>Lets every terminal send what it still holds, for at most <paramref name="max"/>.</summary>
    public Task DrainAsync(TimeSpan max, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(max.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Terminals.Select(t => t.DrainAsync(until, ct)));
    }

    public Reconciliation Reconcile(IEnumerable<FaultTerminal> terminals) =>
        Reconciliation.Check(Server.DbPath, SessionId, terminals.Select(t => t.Log).ToList());

    /// <summary>Problems every fault shares: changes never acknowledged, refusals that are not the fault's, a damaged database.</summary>
    public void CommonChecks(IEnumerable<FaultTerminal> terminals, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var list = terminals.ToList();
        var pending = list.Sum(t => t.Pending);
        if (pending > 0)
        {
            problems.Add($"{pending} changes still unacknowledged at the end");
        }
        var other = list.FirstOrDefault(t => t.OtherRefusals > 0 || t.FirstProblem is not null);
        if (other is not null)
        {
            problems.Add($"unexpected refusal: {other.FirstProblem}");
        }
        var integrity = Server.IntegrityCheck();
        if (integrity != "ok")
        {
            problems.Add("database integrity_check: " + integrity);
        }
    }

    /// <summary>
    /// Every terminal asks the server for its clock: how far the remaining time it is shown now is
    /// from what the login showed minus the time since (monotonic), seconds; null where it could not ask.
    /// </summary>
    public async Task<List<double?>> RemainingDriftsAsync(CancellationToken ct) =>
        [.. await Task.WhenAll(Terminals.Select(t => t.RemainingDriftAsync(ct)))];

    /// <summary>Ack latency p99 (first send to acknowledgement) of these terminals, ms.</summary>
    public static double P99(IEnumerable<FaultTerminal> terminals)
    {
        var all = terminals.SelectMany(t => t.Latencies).Order().ToList();
        return all.Count == 0 ? 0 : all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.99) - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var t in Terminals)
        {
            await t.DisposeAsync();
        }
        await Server.DisposeAsync();
    }
}
