using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AsnCat.Contracts.Live;

namespace AsnCat.LoadTest;

/// <summary>
/// HTTP pollers of the public live state, in a process of their own (as the observers): N
/// simulated pollers, each asking <c>GET {path}</c> every poll interval (started at a random
/// point of the first) with <c>If-None-Match</c> of the board it holds and <c>Accept-Encoding</c> of
/// the run's encoding, through the nginx micro-cache (<see cref="NginxCache"/>). A poller's held
/// board changes when a 200 brings a new ETag; the child records when (Stopwatch, the machine's one
/// clock) and keeps each distinct body once, as it came (compressed: nothing is decompressed during
/// the run). After the run the parent decompresses and parses each body once and replays every
/// poller's changes into a <see cref="StalenessMeter"/>: from a terminal's ack to the poller
/// holding a board that shows it.
/// </summary>
public sealed class PollerProcess : IAsyncDisposable
{
    public const string Verb = "pollers";

    private readonly RecordingChild _child;

    private PollerProcess(RecordingChild child)
    {
        _child = child;
    }

    /// <summary>The <c>Accept-Encoding</c> the pollers send, by <c>--poll-encoding</c>; identity sends none.</summary>
    public static readonly IReadOnlyList<string> Encodings = ["br", "gzip", "identity"];

    /// <summary>A distinct board as it came: its <c>Content-Encoding</c> (empty: none) and its bytes.</summary>
    public sealed record Body(string Encoding, byte[] Bytes)
    {
        public byte[] Decompressed()
        {
            if (Encoding.Length == 0)
            {
                return Bytes;
            }
            using var input = new MemoryStream(Bytes);
            using Stream decompressing = Encoding switch
            {
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "gzip" => new GZipStream(input, CompressionMode.Decompress),
                _ => throw new InvalidDataException($"a board came in an encoding the pollers did not ask for: {Encoding}"),
            };
            using var output = new MemoryStream();
            decompressing.CopyTo(output);
            return output.ToArray();
        }
    }

    /// <summary>What the pollers did: the distinct boards, each poller's changes (arrival, board index) and the answers they got (<paramref name="BodyBytes"/>: the bytes of every 200's body as received).</summary>
    public sealed record Recording(List<Body> Bodies, List<List<(long At, int Board)>> Held, long Requests, long Boards, long NotModified, long Errors, long BodyBytes)
    {
        /// <summary>
        /// Adds every poller's held boards to <paramref name="meter"/>'s staleness (each body
        /// decompressed and parsed once); returns the distinct boards' bytes as received and as JSON.
        /// </summary>
        public (long Received, long Json) Replay(StalenessMeter meter, IReadOnlyDictionary<string, long[]> acks)
        {
            ArgumentNullException.ThrowIfNull(meter);
            var json = Bodies.Select(b => b.Decompressed()).ToList();
            var boards = json.Select(b => JsonSerializer.Deserialize<LiveBoard>(b, Connections.Json)!.Rows).ToList();
            Parallel.ForEach(Held, () => new StalenessMeter(acks), (held, _, mine) =>
            {
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (at, board) in held)
                {
                    mine.AddHeld(seen, boards[board], at, whole: true);
                }
                return mine;
            }, mine =>
            {
                lock (meter)
                {
                    meter.Merge(mine);
                }
            });
            return (Bodies.Sum(b => (long)b.Bytes.Length), json.Sum(b => (long)b.Length));
        }
    }

    public static async Task<PollerProcess> StartAsync(Uri board, int count, TimeSpan interval, string encoding, string file, CancellationToken ct)
    {
        var (child, _) = await RecordingChild.StartAsync("poller", Verb,
            [board.ToString(), count.ToString(CultureInfo.InvariantCulture), interval.TotalSeconds.ToString(CultureInfo.InvariantCulture), encoding, file], file,
            l => l == "polling", wait: null, ct);
        return new PollerProcess(child);
    }

    public async Task<Recording> StopAsync(CancellationToken ct)
    {
        await _child.HandOverAsync(wait: null, ct);
        await using var stream = File.OpenRead(_child.File);
        using var reader = new BinaryReader(stream);
        var bodies = new List<Body>();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            bodies.Add(new Body(reader.ReadString(), reader.ReadBytes(reader.ReadInt32())));
        }
        var held = new List<List<(long, int)>>();
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var one = new List<(long, int)>();
            for (var k = reader.ReadInt32(); k > 0; k--)
            {
                one.Add((reader.ReadInt64(), reader.ReadInt32()));
            }
            held.Add(one);
        }
        var recording = new Recording(bodies, held, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        File.Delete(_child.File);
        return recording;
    }

    public ValueTask DisposeAsync()
    {
        _child.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The child: <c>pollers &lt;board url&gt; &lt;count&gt; &lt;interval s&gt; &lt;br|gzip|identity&gt; &lt;file&gt;</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var url, var countText, var intervalText, var encoding, var file]
            || !int.TryParse(countText, CultureInfo.InvariantCulture, out var count) || count < 1
            || !double.TryParse(intervalText, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0
            || !Encodings.Contains(encoding))
        {
            await Console.Error.WriteLineAsync("usage: pollers <board url> <count> <interval s> <br|gzip|identity> <file>");
            return 2;
        }
        var target = new Uri(url);
        var interval = TimeSpan.FromSeconds(seconds);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var tags = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var bodies = new List<Body>();
        var held = Enumerable.Range(0, count).Select(_ => new List<(long, int)>()).ToArray();
        long requests = 0, ok = 0, notModified = 0, errors = 0, bodyBytes = 0;
        using var stop = new CancellationTokenSource();
        async Task PollAsync(int index)
        {
            var random = new Random(index);
            string? holding = null;
            var due = Stopwatch.GetTimestamp() + (long)(random.NextDouble() * interval.TotalSeconds * Stopwatch.Frequency);
            var step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
            while (!stop.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
                due += step;
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                if (holding is not null)
                {
                    request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(holding));
                }
                if (encoding != "identity")
                {
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
                }
                Interlocked.Increment(ref requests);
                try
                {
                    using var response = await http.SendAsync(request, stop.Token);
                    if (response.StatusCode == HttpStatusCode.NotModified)
                    {
                        Interlocked.Increment(ref notModified);
                        continue;
                    }
                    if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is not { } etag)
                    {
                        if (Interlocked.Increment(ref errors) == 1)
                        {
                            await Console.Error.WriteLineAsync($"poller: first error: {(int)response.StatusCode} {response.ReasonPhrase}{(response.Headers.ETag is null ? ", no ETag" : "")}");
                        }
                        continue;
                    }
                    var bytes = await response.Content.ReadAsByteArrayAsync(stop.Token);
                    var at = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref bodyBytes, bytes.Length);
                    var tag = etag.ToString();
                    if (tag == holding)
                    {
                        continue;
                    }
                    holding = tag;
                    var kept = tags.GetOrAdd(tag, _ =>
                    {
                        lock (bodies)
                        {
                            bodies.Add(new Body(string.Join(", ", response.Content.Headers.ContentEncoding), bytes));
                            return bodies.Count - 1;
                        }
                    });
                    held[index].Add((at, kept));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (!stop.IsCancellationRequested && Interlocked.Increment(ref errors) == 1)
                    {
                        await Console.Error.WriteLineAsync($"poller: first error: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        var pollers = Enumerable.Range(0, count).Select(i => Task.Run(() => PollAsync(i))).ToList();
        Console.WriteLine("polling");
        string? line;
        while ((line = await Console.In.ReadLineAsync()) is not null && line != "stop")
        {
        }
        await stop.CancelAsync();
        await Task.WhenAll(pollers).WaitAsync(TimeSpan.FromSeconds(40)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (line is null)
        {
            return 1;
        }
        await using (var stream = File.Create(file))
        await using (var writer = new BinaryWriter(stream))
        {
            lock (bodies)
            {
                writer.Write(bodies.Count);
                foreach (var b in bodies)
                {
                    writer.Write(b.Encoding);
                    writer.Write(b.Bytes.Length);
                    writer.Write(b.Bytes);
                }
            }
            writer.Write(held.Length);
            foreach (var one in held)
            {
                lock (one)
                {
                    writer.Write(one.Count);
                    foreach (var (at, board) in one)
                    {
                        writer.Write(at);
                        writer.Write(board);
                    }
                }
            }
            writer.Write(Interlocked.Read(ref requests));
            writer.Write(Interlocked.Read(ref ok));
            writer.Write(Interlocked.Read(ref notModified));
            writer.Write(Interlocked.Read(ref errors));
            writer.Write(Interlocked.Read(ref bodyBytes));
        }
        Console.WriteLine("written");
        return 0;
    }
}
