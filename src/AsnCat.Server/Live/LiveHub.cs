using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Live;

/// <summary>
/// The public, read-only live score hub (<see cref="LiveHubContract.Path"/>) for online
/// observers: anyone may watch up to <see cref="LiveHubContract.MaxWatches"/> boards per
/// connection; nothing here changes anything. A watch call returns the whole current board;
/// after that <see cref="LiveScores"/> sends only what changed (<see cref="BoardPatch"/>), once per
/// rebuild, to the board's group; a watcher costs only the send. A connection takes one of
/// <see cref="LiveOptions.MaxObservers"/> places or is closed at once with a message that points
/// to the public HTTP state (<see cref="LiveAdmission"/> refuses most before they connect).
/// </summary>
[AllowAnonymous]
public sealed class LiveHub(LiveScores live, LiveCounters counters, IOptions<LiveOptions> options) : Hub<ILiveClient>, ILiveHub
{
    private const string WatchingKey = "asncat.live.watching";
    private const string AdmittedKey = "asncat.live.admitted";

    public override Task OnConnectedAsync()
    {
        if (!counters.TryAdmit(options.Value.MaxObservers))
        {
            throw new HubException($"{LiveAdmission.RefusedTitle}. {LiveAdmission.RefusedDetail}");
        }
        Context.Items[AdmittedKey] = true;
        return base.OnConnectedAsync();
    }

    public Task<LiveBoard> WatchSession(string sessionCode) =>
        WatchAsync(LiveBoard.SessionKind, sessionCode, "Kode sesi", code => $"Sesi '{code}' tidak ditemukan.");

    public Task<LiveBoard> WatchVenue(string venue) =>
        WatchAsync(LiveBoard.VenueKind, venue, "Nama lokasi", name => $"Lokasi '{name}' tidak ditemukan atau belum memiliki sesi.");

    public Task WatchPublications() =>
        Groups.AddToGroupAsync(Context.ConnectionId, LiveHubContract.PublicationsGroup, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(AdmittedKey))
        {
            counters.Left();
        }
        foreach (var (kind, subject) in Watching())
        {
            live.Leave(kind, subject);
        }
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<LiveBoard> WatchAsync(string kind, string subject, string what, Func<string, string> notFound)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > LiveHubContract.MaxNameLength)
        {
            throw new HubException($"{what} kosong atau terlalu panjang.");
        }
        var watching = Watching();
        var group = LiveHubContract.Group(kind, subject);
        if (watching.Contains((kind, subject)))
        {
            return live.Latest(kind, subject) ?? await live.BoardAsync(kind, subject) ?? throw new HubException(notFound(subject));
        }
        if (watching.Count >= LiveHubContract.MaxWatches)
        {
            throw new HubException($"Satu koneksi dapat memantau paling banyak {LiveHubContract.MaxWatches} papan.");
        }
        var board = await live.JoinAsync(kind, subject, Context.ConnectionAborted) ?? throw new HubException(notFound(subject));
        watching.Add((kind, subject));
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        // a board pushed between the join and the group add would be missed: answer with the newest
        return live.Latest(kind, subject) is { } latest && latest.Version > board.Version ? latest : board;
    }

    private HashSet<(string Kind, string Subject)> Watching()
    {
        if (Context.Items.TryGetValue(WatchingKey, out var value) && value is HashSet<(string, string)> set)
        {
            return set;
        }
        var created = new HashSet<(string, string)>();
        Context.Items[WatchingKey] = created;
        return created;
    }
}
