using System.Diagnostics;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Live;
using AsnCat.Server.Tests.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
namespace AsnCat.Server.Tests.ScaleOut;

/// <summary>Nodes of one centre as the scale-out tests start them, and a live-board observer on one of them.</summary>
internal static class NodeHosts
{
    /// <summary>A node with its own files and SQLite database, on <paramref name="settings"/> (Redis, job storage, metrics).</summary>
    public static KestrelHost Start(TempDir dir, IReadOnlyDictionary<string, string> settings) => KestrelHost.Start(new ServerOptions
    {
        DataDir = dir.Path,
        Time = new FakeTimeProvider(KestrelHost.T0),
        Settings = settings,
    });

    /// <summary>
    /// A session seeded on <paramref name="node"/> and an observer of its live board there
    /// (<c>/hubs/live</c>), noting the version of every patch it receives.
    /// </summary>
    public static async Task<Observer> ObserveAsync(KestrelHost node) => await ObserveAsync(node, await SeedBoardAsync(node));

    /// <summary>A session seeded on <paramref name="node"/>: its code, the name of its live board.</summary>
    public static async Task<string> SeedBoardAsync(KestrelHost node)
    {
        var (sessionId, _) = await node.SeedSessionAsync(1);
        await using var db = node.Db();
        return await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>An observer of the board <paramref name="code"/> on <paramref name="node"/>.</summary>
    public static async Task<Observer> ObserveAsync(KestrelHost node, string code)
    {
        var connection = new HubConnectionBuilder().WithUrl(node.Url + LiveHubContract.Path).Build();
        var observer = new Observer(connection, code);
        connection.On<BoardPatch>(nameof(ILiveClient.Patch), observer.Received);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await connection.InvokeAsync<LiveBoard>(nameof(ILiveHub.WatchSession), code, TestContext.Current.CancellationToken);
        return observer;
    }

    /// <summary>
    /// A patch of the board <paramref name="code"/> sent from <paramref name="node"/> the way its live
    /// feed sends one: to the board's group through the node's hub context.
    /// </summary>
    public static Task PushAsync(KestrelHost node, string code, long version) =>
        node.Services.GetRequiredService<IHubContext<LiveHub, ILiveClient>>()
            .Clients.Group(LiveHubContract.Group(LiveBoard.SessionKind, code))
            .Patch(new BoardPatch(LiveBoard.SessionKind, code, version, version - 1, [], [], null, null, KestrelHost.T0));
}

/// <summary>An observer's connection and the moments its patches arrived (by version).</summary>
internal sealed class Observer(HubConnection connection, string code) : IAsyncDisposable
{
    private readonly Dictionary<long, TaskCompletionSource<long>> _arrivals = [];

    public string Code { get; } = code;

    public HubConnection Connection { get; } = connection;

    /// <summary>Completes with <see cref="Stopwatch.GetTimestamp"/> when the patch of <paramref name="version"/> arrives.</summary>
    public Task<long> Arrival(long version)
    {
        lock (_arrivals)
        {
            return Slot(version).Task;
        }
    }

    public void Received(BoardPatch patch)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_arrivals)
        {
            Slot(patch.Version).TrySetResult(now);
        }
    }

    private TaskCompletionSource<long> Slot(long version)
    {
        if (!_arrivals.TryGetValue(version, out var slot))
        {
            slot = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrivals[version] = slot;
        }
        return slot;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
