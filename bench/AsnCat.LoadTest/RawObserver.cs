using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AsnCat.Contracts.Live;
namespace AsnCat.LoadTest;

/// <summary>
/// One public observer on <c>/hubs/live</c>, speaking the SignalR JSON protocol over a bare
/// WebSocket. During the run it only records each message's bytes and arrival time; it parses
/// and applies them afterwards (<see cref="Replay"/>), timing that work per message and adding
/// it to the arrival. A thousand real observers each parse their own patch on their own device;
/// a thousand parsed in the generator during the run would take the server's cores away and
/// measure the generator, not the server. Arrival + own parse/apply time is when a real client
/// would hold the board.
/// </summary>
public sealed class RawObserver(Uri hubUrl) : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private List<(long At, byte[] Bytes)> _messages = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receive;
    private Task? _ping;

    public bool Watching { get; private set; }

    /// <summary>The connection closed before the run ended it.</summary>
    public bool Dropped { get; private set; }

    /// <summary>Bytes received since the watch call answered (pushed patches, as on the wire).</summary>
    public long PushedBytes { get; private set; }

    public int PushedMessages { get; private set; }

    public long MaxMessageBytes { get; private set; }

    /// <summary>Bytes of the watch call's answer (the whole board).</summary>
    public int BoardBytes { get; private set; }

    /// <summary>Stopwatch time of the newest message (quiet detection).</summary>
    public long LastArrival
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count == 0 ? 0 : _messages[^1].At;
            }
        }
    }

    /// <summary>Connects without negotiation, shakes hands, calls <c>WatchSession(code)</c> and waits for its answer.</summary>
    public async Task ConnectAndWatchAsync(string sessionCode, CancellationToken ct)
    {
        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await _socket.ConnectAsync(ws, ct);
        await SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e", ct);
        _receive = Task.Run(ReceiveAsync, CancellationToken.None);
        await SendAsync($"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{nameof(ILiveHub.WatchSession)}\",\"arguments\":[{JsonSerializer.Serialize(sessionCode)}]}}\u001e", ct);
        var until = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (!Watching && !Dropped && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(20, ct);
        }
        if (!Watching)
        {
            throw new InvalidOperationException("observer: WatchSession was not answered");
        }
        _ping = Task.Run(PingAsync, CancellationToken.None);
    }

    /// <summary>
    /// Parses and applies every message in arrival order. <paramref name="onRows"/> gets the rows
    /// of the board and of every patch that applied, with the time a real client would hold them
    /// (arrival + this observer's own parse and apply time of that message). Returns the final
    /// board, the patches applied, those that did not follow (a gap: the board is then wrong), and
    /// every patch's delivery (arrival minus the server's <see cref="BoardPatch.BuiltAt"/>, both the machine's clock).
    /// </summary>
    public Replayed Replay(Action<IReadOnlyList<LiveRow>, long, bool> onRows)
    {
        ArgumentNullException.ThrowIfNull(onRows);
        List<(long At, byte[] Bytes)> messages;
        lock (_lock)
        {
            messages = [.. _messages];
        }
        LiveBoard? board = null;
        var applied = 0;
        var gaps = 0;
        var delivery = new List<double>();
        var work = new List<double>();
        var started = Stopwatch.GetTimestamp();
        var startedWall = DateTimeOffset.UtcNow;
        foreach (var (at, bytes) in messages)
        {
            var begin = Stopwatch.GetTimestamp();
            foreach (var record in Records(bytes))
            {
                using var doc = JsonDocument.Parse(record);
                var root = doc.RootElement;
                var type = root.GetProperty("type").GetInt32();
                if (type == 3 && root.TryGetProperty("result", out var result))
                {
                    var whole = result.Deserialize<LiveBoard>(Connections.Json)!;
                    if (board is null || whole.Version > board.Version)
                    {
                        board = whole;
                        onRows(whole.Rows, at + (Stopwatch.GetTimestamp() - begin), true);
                    }
                }
                else if (type == 1 && root.GetProperty("target").GetString() == nameof(ILiveClient.Patch))
                {
                    var patch = root.GetProperty("arguments")[0].Deserialize<BoardPatch>(Connections.Json)!;
                    // the arrival's wall time: this replay's wall clock moved back by how long ago it arrived
                    var arrivedWall = startedWall - Stopwatch.GetElapsedTime(at, started);
                    delivery.Add((arrivedWall - patch.BuiltAt).TotalMilliseconds);
                    if (board is null || patch.Version <= board.Version)
                    {
                        continue;
                    }
                    if (board.Apply(patch) is not { } next)
                    {
                        gaps++;
                        continue;
                    }
                    // the rows the patch changed, as the client now holds them (cells applied)
                    var touched = board.Touched(patch).ToHashSet();
                    board = next;
                    applied++;
                    onRows([.. next.Rows.Where(r => touched.Contains(r.Key))], at + (Stopwatch.GetTimestamp() - begin), false);
                }
            }
            work.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        }
        return new Replayed(board, applied, gaps, delivery, work);
    }

    /// <summary>Writes what this observer recorded (its counters and messages) for <see cref="Read"/> in another process.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_lock)
        {
            writer.Write(Watching);
            writer.Write(Dropped);
            writer.Write(PushedBytes);
            writer.Write(PushedMessages);
            writer.Write(MaxMessageBytes);
            writer.Write(BoardBytes);
            writer.Write(_messages.Count);
            foreach (var (at, bytes) in _messages)
            {
                writer.Write(at);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }
    }

    /// <summary>An observer recorded in another process (<see cref="Write"/>): replayable, not connected.</summary>
    public static RawObserver Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var observer = new RawObserver(new Uri("ws://recorded"))
        {
            Watching = reader.ReadBoolean(),
            Dropped = reader.ReadBoolean(),
            PushedBytes = reader.ReadInt64(),
            PushedMessages = reader.ReadInt32(),
            MaxMessageBytes = reader.ReadInt64(),
            BoardBytes = reader.ReadInt32(),
        };
        var count = reader.ReadInt32();
        var messages = new List<(long, byte[])>(count);
        for (var i = 0; i < count; i++)
        {
            var at = reader.ReadInt64();
            messages.Add((at, reader.ReadBytes(reader.ReadInt32())));
        }
        observer._messages = messages;
        return observer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // already going away
            }
        }
        foreach (var task in new[] { _receive, _ping })
        {
            if (task is not null)
            {
                await task.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        var handshake = true;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    Dropped = !_stop.IsCancellationRequested;
                    return;
                }
                message.Write(buffer.AsSpan(0, read.Count));
                if (!read.EndOfMessage)
                {
                    continue;
                }
                var at = Stopwatch.GetTimestamp();
                // kept until the replay (a thousand observers keep a gigabyte or more): on the pinned
                // heap, which the GC never copies or promotes, so keeping it costs the generator's
                // collections (and so the terminals' measured acks) next to nothing
                var bytes = GC.AllocateUninitializedArray<byte>(message.WrittenCount, pinned: true);
                message.WrittenSpan.CopyTo(bytes);
                message.Clear();
                if (handshake)
                {
                    // "{}\x1e", possibly followed by more records in the same frame
                    handshake = false;
                    var end = Array.IndexOf(bytes, RecordSeparator);
                    bytes = bytes[(end + 1)..];
                    if (bytes.Length == 0)
                    {
                        continue;
                    }
                }
                lock (_lock)
                {
                    _messages.Add((at, bytes));
                    if (Watching)
                    {
                        PushedBytes += bytes.Length;
                        PushedMessages++;
                        MaxMessageBytes = Math.Max(MaxMessageBytes, bytes.Length);
                    }
                    else if (IsCompletion(bytes))
                    {
                        BoardBytes = bytes.Length;
                        Watching = true;
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            Dropped = !_stop.IsCancellationRequested;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The server drops a client silent for 30 s: a ping every 10 s.</summary>
    private async Task PingAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token);
                await _socket.SendAsync(Ping, WebSocketMessageType.Text, true, _stop.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // stopping or dropped (the receive loop records a drop)
        }
    }

    private Task SendAsync(string text, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);

    private static bool IsCompletion(byte[] bytes) =>
        Records(bytes).Any(r => r.Length > 9 && Encoding.UTF8.GetString(r.Span[..Math.Min(r.Length, 12)]).StartsWith("{\"type\":3", StringComparison.Ordinal));

    private static IEnumerable<ReadOnlyMemory<byte>> Records(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == RecordSeparator)
            {
                if (i > start)
                {
                    yield return bytes.AsMemory(start, i - start);
                }
                start = i + 1;
            }
        }
    }
}

/// <summary>What <see cref="RawObserver.Replay"/> found: the final board and how the patches went.</summary>
public sealed record Replayed(LiveBoard? Board, int Applied, int Gaps, List<double> DeliveryMs, List<double> WorkMs);
