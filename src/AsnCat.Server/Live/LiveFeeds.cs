using System.Collections.Concurrent;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Live;

/// <summary>
/// The feed to watchers: one <see cref="LiveFeed"/> per watched board (created for a known
/// session or venue only), in-process watchers and hub connections joining and leaving it, and
/// boards for one-off reads while no one watches (built at most once per push interval however
/// many ask).
/// </summary>
/// <param name="interval">The configured least time between two rebuilds of one board; a one-off board is reused that long.</param>
/// <param name="build">Builds a board now (kind, subject, fresh); null when unknown.</param>
/// <param name="wake">Wakes the loop (a feed no one watches any more).</param>
internal sealed class LiveFeeds(
    IDbContextFactory<AsnCatDb> dbFactory, TimeProvider time, TimeSpan interval,
    Func<string, string, bool, CancellationToken, Task<LiveBoard?>> build, Action wake)
{
    private readonly ConcurrentDictionary<string, LiveFeed> _feeds = new(StringComparer.Ordinal);
    // boards built for one-off reads (the JSON API) while no one watches: reused for an interval
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<LiveBoard?> Board)> _snapshots = new(StringComparer.Ordinal);
    // when each board was last read that way: while it is read, its sessions' sheets are kept
    private readonly ConcurrentDictionary<string, DateTimeOffset> _reads = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a board read without watching (the public HTTP state, polled through a cache about
    /// once a second) counts as watched for its sessions' answer sheets: they are kept and fed by
    /// the writer's commits, so the next read rebuilds only what changed instead of reading every
    /// answer of the session again (20,000 pollers cost the origin a whole read per second, and the
    /// terminals' ack p99 went to 289 ms).
    /// </summary>
    public static readonly TimeSpan ReadKeepsSheets = TimeSpan.FromSeconds(10);

    /// <summary>No board has ever been asked for.</summary>
    public bool IsEmpty => _feeds.IsEmpty;

    public ICollection<LiveFeed> All => _feeds.Values;

    /// <summary>The feed of a board; null when no one ever watched it.</summary>
    public LiveFeed? Get(string kind, string subject) => _feeds.GetValueOrDefault(LiveHubContract.Group(kind, subject));

    /// <summary>Whether anyone watches the session (by its code) or its venue.</summary>
    public bool IsWatched(string code, string venue) =>
        Get(LiveBoard.SessionKind, code) is { IsWatched: true } || Get(LiveBoard.VenueKind, venue) is { IsWatched: true }
        || ReadLately(LiveHubContract.Group(LiveBoard.SessionKind, code)) || ReadLately(LiveHubContract.Group(LiveBoard.VenueKind, venue));

    private bool ReadLately(string key) => _reads.TryGetValue(key, out var at) && time.GetUtcNow() - at < ReadKeepsSheets;

    /// <summary>See <see cref="LiveScores.WatchAsync"/>.</summary>
    public async Task<IDisposable?> WatchAsync(string kind, string subject, Func<LiveBoard, Task> onBoard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onBoard);
        var feed = await FeedAsync(kind, subject, ct);
        if (feed is null)
        {
            return null;
        }
        // the loop may push while the first board is being handed over: each board reaches the
        // watcher once and never after a newer one (the rule hub clients follow with `version`)
        long delivered = 0;
        Func<LiveBoard, Task> newer = b =>
        {
            for (var last = Interlocked.Read(ref delivered); b.Version > last; last = Interlocked.Read(ref delivered))
            {
                if (Interlocked.CompareExchange(ref delivered, b.Version, last) == last)
                {
                    return onBoard(b);
                }
            }
            return Task.CompletedTask;
        };
        feed.Add(newer);
        var board = await LatestOrBuildAsync(feed, ct);
        if (board is not null)
        {
            await newer(board);
        }
        return new Unsubscribe(() => feed.Remove(newer));
    }

    /// <summary>See <see cref="LiveScores.JoinAsync"/>.</summary>
    public async Task<LiveBoard?> JoinAsync(string kind, string subject, CancellationToken ct)
    {
        var feed = await FeedAsync(kind, subject, ct);
        if (feed is null)
        {
            return null;
        }
        feed.Join();
        try
        {
            return await LatestOrBuildAsync(feed, ct);
        }
        catch
        {
            feed.Leave();
            throw;
        }
    }

    public void Leave(string kind, string subject) => Get(kind, subject)?.Leave();

    /// <summary>See <see cref="LiveScores.BoardAsync"/>.</summary>
    public async Task<LiveBoard?> BoardAsync(string kind, string subject, CancellationToken ct)
    {
        if (!IsValid(kind, subject))
        {
            return null;
        }
        var key = LiveHubContract.Group(kind, subject);
        if (_feeds.TryGetValue(key, out var feed) && feed is { IsWatched: true, Latest: { } latest })
        {
            return latest;
        }
        var now = time.GetUtcNow();
        _reads[key] = now;
        var snapshot = _snapshots.AddOrUpdate(key,
            _ => (now, build(kind, subject, true, CancellationToken.None)),
            (_, old) => now - old.At < interval ? old : (now, build(kind, subject, true, CancellationToken.None)));
        var board = await snapshot.Board.WaitAsync(ct);
        if (board is null)
        {
            _snapshots.TryRemove(key, out _);   // unknown names are not kept
            _reads.TryRemove(key, out _);
        }
        return board;
    }

    private static bool IsValid(string kind, string subject) =>
        kind is (LiveBoard.SessionKind or LiveBoard.VenueKind) && !string.IsNullOrWhiteSpace(subject) && subject.Length <= LiveHubContract.MaxNameLength;

    /// <summary>The feed of a known session or venue, created on first use; null when unknown (nothing is kept for unknown names).</summary>
    private async Task<LiveFeed?> FeedAsync(string kind, string subject, CancellationToken ct)
    {
        if (!IsValid(kind, subject))
        {
            return null;
        }
        var key = LiveHubContract.Group(kind, subject);
        if (_feeds.TryGetValue(key, out var feed))
        {
            return feed;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exists = kind == LiveBoard.SessionKind
            ? await db.ExamSessions.AnyAsync(s => s.Code == subject, ct)
            : await db.ExamSessions.AnyAsync(s => s.Venue == subject, ct);
        return exists ? _feeds.GetOrAdd(key, _ => new LiveFeed(kind, subject, wake)) : null;
    }

    private async Task<LiveBoard?> LatestOrBuildAsync(LiveFeed feed, CancellationToken ct)
    {
        if (feed.Latest is { } latest)
        {
            return latest;
        }
        // watchers arriving together (a venue's observers at the start) share one build
        var board = await feed.FirstBuild(() => build(feed.Kind, feed.Subject, true, CancellationToken.None)).WaitAsync(ct);
        if (board is not null)
        {
            feed.Seed(board);
        }
        return feed.Latest ?? board;
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                action();
            }
        }
    }
}
