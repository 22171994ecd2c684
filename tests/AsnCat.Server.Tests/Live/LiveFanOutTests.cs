using System.IO.Pipelines;
using AsnCat.Server.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.Live;

/// <summary>
/// The live hub's fan-out never waits for an observer and never queues for one without bound:
/// real SignalR connections over pipes, one read by its "network" and one never read; the
/// unread one is dropped once its pushes back up, the read one gets every push.
/// </summary>
public sealed class LiveFanOutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>A hub connection whose outgoing pipe pauses above 4 KiB (as <see cref="LiveOptions.SendBufferBytes"/> sets it); returns it and the network's side.</summary>
    private static (HubConnectionContext Connection, PipeReader Network) Connection(string id)
    {
        var toNetwork = new Pipe(new PipeOptions(pauseWriterThreshold: 4096, resumeWriterThreshold: 2048, useSynchronizationContext: false));
        var fromNetwork = new Pipe();
        var transport = new DefaultConnectionContext(id, new Duplex(fromNetwork.Reader, toNetwork.Writer), new Duplex(toNetwork.Reader, fromNetwork.Writer));
        var connection = new HubConnectionContext(transport, new HubConnectionContextOptions
        {
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            ClientTimeoutInterval = TimeSpan.FromSeconds(30),
            StreamBufferCapacity = 10,
        }, NullLoggerFactory.Instance)
        {
            Protocol = new JsonHubProtocol(),
        };
        return (connection, toNetwork.Reader);
    }

    [Fact]
    public async Task An_observer_that_reads_nothing_is_dropped_after_a_bounded_backlog_while_a_reading_one_gets_every_push()
    {
        var counters = new LiveCounters();
        var time = new FakeTimeProvider();
        var fanOut = new LiveFanOut(NullLogger<DefaultHubLifetimeManager<LiveHub>>.Instance, NullLogger<LiveFanOut>.Instance, counters,
            Options.Create(new LiveOptions()), time);
        var (stuck, _) = Connection("stuck");
        var (reading, network) = Connection("reading");
        var received = 0L;
        var reader = Task.Run(async () =>
        {
            while (true)
            {
                var read = await network.ReadAsync(Ct);
                Interlocked.Add(ref received, read.Buffer.Length);
                network.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }, Ct);
        await fanOut.OnConnectedAsync(stuck);
        await fanOut.OnConnectedAsync(reading);
        await fanOut.AddToGroupAsync("stuck", "sesi:S-1", Ct);
        await fanOut.AddToGroupAsync("reading", "sesi:S-1", Ct);

        var patch = new string('x', 10_000);   // each push above the 4 KiB the stuck pipe takes before it pauses
        for (var i = 0; i < LiveFanOut.MaxPendingPushes + 1; i++)
        {
            var send = fanOut.SendGroupAsync("sesi:S-1", "Patch", [patch], Ct);
            Assert.True(send.IsCompleted);   // the loop never waits for an observer
            // pushes come a push interval apart: the reading observer's network takes each before the next
            await ReceivedAsync(() => Interlocked.Read(ref received), (i + 1) * 10_000L);
        }
        Assert.Equal(1, counters.Dropped);
        Assert.True(stuck.ConnectionAborted.IsCancellationRequested || await Aborted(stuck));
        Assert.Equal(LiveFanOut.MaxPendingPushes + 1, counters.Pushes);

        // the reading observer got every push (10,000 characters of payload each, plus framing)
        Assert.True(Interlocked.Read(ref received) >= (LiveFanOut.MaxPendingPushes + 1) * 10_000L, $"{received} bytes");
    }

    private static async Task ReceivedAsync(Func<long> received, long bytes)
    {
        for (var i = 0; i < 500 && received() < bytes; i++)
        {
            await Task.Delay(10, Ct);
        }
    }

    [Fact]
    public async Task An_observer_that_makes_no_progress_for_DropAfter_is_dropped_at_the_next_push()
    {
        var counters = new LiveCounters();
        var time = new FakeTimeProvider();
        var fanOut = new LiveFanOut(NullLogger<DefaultHubLifetimeManager<LiveHub>>.Instance, NullLogger<LiveFanOut>.Instance, counters,
            Options.Create(new LiveOptions { DropAfter = TimeSpan.FromSeconds(5) }), time);
        var (stuck, _) = Connection("stuck");
        await fanOut.OnConnectedAsync(stuck);
        await fanOut.AddToGroupAsync("stuck", "lokasi:Ruang uji", Ct);

        await fanOut.SendGroupAsync("lokasi:Ruang uji", "Patch", [new string('x', 10_000)], Ct);
        time.Advance(TimeSpan.FromSeconds(4));
        await fanOut.SendGroupAsync("lokasi:Ruang uji", "Patch", ["kecil"], Ct);
        Assert.Equal(0, counters.Dropped);   // backed up, but not for long
        time.Advance(TimeSpan.FromSeconds(2));
        await fanOut.SendGroupAsync("lokasi:Ruang uji", "Patch", ["kecil"], Ct);
        Assert.Equal(1, counters.Dropped);

        await fanOut.OnDisconnectedAsync(stuck);
        await fanOut.SendGroupAsync("lokasi:Ruang uji", "Patch", ["kecil"], Ct);
        Assert.Equal(1, counters.Dropped);   // gone from the group: nothing more written or counted
    }

    private static async Task<bool> Aborted(HubConnectionContext connection)
    {
        for (var i = 0; i < 200 && !connection.ConnectionAborted.IsCancellationRequested; i++)
        {
            await Task.Delay(10, Ct);
        }
        return connection.ConnectionAborted.IsCancellationRequested;
    }
}
