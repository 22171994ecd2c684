using System.Diagnostics;

namespace AsnCat.LoadTest;

/// <summary>
/// The observers of the venue run in a process of their own, as they are on their own devices at
/// a real venue: the generator's thread pool and collector then carry only the terminals whose
/// acks it times (a thousand observers' receive loops in the same pool queued the terminals' acks
/// behind each push). The child (<see cref="Verb"/>) connects and watches, says so on stdout,
/// records until it reads <c>stop</c>, writes every observer's messages to a file
/// (<see cref="RawObserver.Write"/>) and exits; the parent reads them back and replays them as
/// before. Both read the machine's one monotonic clock (Stopwatch), so arrival times compare
/// with the terminals' acks.
/// </summary>
public sealed class ObserverProcess : IAsyncDisposable
{
    public const string Verb = "observers";

    private readonly RecordingChild _child;

    private ObserverProcess(RecordingChild child, int watching, int refused)
    {
        _child = child;
        Watching = watching;
        Refused = refused;
    }

    public int Watching { get; }

    /// <summary>Observers the server refused (over its <c>Live:MaxObservers</c>) or that could not watch.</summary>
    public int Refused { get; }

    /// <summary>Starts the child and waits until its observers watch (at most 2 minutes).</summary>
    public static async Task<ObserverProcess> StartAsync(Uri liveHub, string sessionCode, int count, string file, CancellationToken ct)
    {
        var (child, line) = await RecordingChild.StartAsync("observer", Verb,
            [liveHub.ToString(), sessionCode, count.ToString(System.Globalization.CultureInfo.InvariantCulture), file], file,
            l => l.StartsWith("watching ", StringComparison.Ordinal), TimeSpan.FromMinutes(2), ct);
        var counts = line.Split(' ');   // "watching N refused M"
        return new ObserverProcess(child, int.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(counts[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the recording; returns every observer with its messages (read back from the child's file).</summary>
    public async Task<List<RawObserver>> StopAsync(CancellationToken ct)
    {
        // the child writes the recording first and closes its connections after (meanwhile this reads it)
        await _child.HandOverAsync(TimeSpan.FromMinutes(3), ct);
        await using var stream = File.OpenRead(_child.File);
        using var reader = new BinaryReader(stream);
        var observers = new List<RawObserver>();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            observers.Add(RawObserver.Read(reader));
        }
        File.Delete(_child.File);
        return observers;
    }

    public ValueTask DisposeAsync()
    {
        // after a hand-over the child is closing its connections: a few seconds, then it is stopped
        _child.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The child: <c>observers &lt;live hub url&gt; &lt;session code&gt; &lt;count&gt; &lt;file&gt;</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var url, var code, var countText, var file] || !int.TryParse(countText, out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync("usage: observers <live hub url> <session code> <count> <file>");
            return 2;
        }
        var observers = Enumerable.Range(0, count).Select(_ => new RawObserver(new Uri(url))).ToList();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var refused = 0;
            await Connections.ForEachAsync(observers, Connections.Parallelism, async (o, token) =>
            {
                try
                {
                    await o.ConnectAndWatchAsync(code, token);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);   // over the server's Live:MaxObservers (503 before the WebSocket), or closed at once
                }
            }, CancellationToken.None);
            Console.WriteLine($"watching {observers.Count(o => o.Watching)} refused {refused}");
            await Console.Error.WriteLineAsync($"observer process: {observers.Count(o => o.Watching):N0} watching after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            // records until the parent says stop; a parent that went away gets nothing written
            // (the recording may be gigabytes, in memory under /dev/shm)
            string? line;
            while ((line = await Console.In.ReadLineAsync()) is not null && line != "stop")
            {
            }
            if (line is null)
            {
                return 1;
            }
            await using (var stream = File.Create(file))
            await using (var writer = new BinaryWriter(stream))
            {
                writer.Write(observers.Count);
                foreach (var o in observers)
                {
                    o.Write(writer);
                }
            }
            Console.WriteLine("written");
        }
        finally
        {
            await Parallel.ForEachAsync(observers, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (o, _) => await o.DisposeAsync());
        }
        return 0;
    }
}
