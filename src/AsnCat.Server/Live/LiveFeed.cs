using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.SignalR;

namespace AsnCat.Server.Live;

/// <summary>
/// One board's watchers: in-process callbacks and a count of hub connections in its group.
/// The callbacks get whole boards; the group gets patches, each from the board it last got
/// (<see cref="_sent"/>) to the newest. At most one push is in flight: a board rebuilt while
/// the previous push is still being written waits, and only the newest goes out, as one patch
/// (a slow observer never stalls the loop).
/// </summary>
internal sealed partial class LiveFeed(string kind, string subject, Action unwatched)
{
    private readonly Lock _lock = new();
    private List<Func<LiveBoard, Task>> _local = [];
    private int _hubWatchers;
    private long _version;
    private LiveBoard? _sent;
    private bool _due;
    private bool _sending;

    public string Kind { get; } = kind;

    public string Subject { get; } = subject;

    public string Group { get; } = LiveHubContract.Group(kind, subject);

    public volatile LiveBoard? Latest;

    public bool IsWatched => _local.Count > 0 || Volatile.Read(ref _hubWatchers) > 0;

    public void Add(Func<LiveBoard, Task> onBoard)
    {
        lock (_lock)
        {
            _local = [.. _local, onBoard];
        }
    }

    public void Remove(Func<LiveBoard, Task> onBoard)
    {
        lock (_lock)
        {
            _local = [.. _local.Where(x => x != onBoard)];
            ForgetIfUnwatched();
        }
    }

    public void Join() => Interlocked.Increment(ref _hubWatchers);

    public void Leave()
    {
        lock (_lock)
        {
            if (Interlocked.Decrement(ref _hubWatchers) < 0)
            {
                Interlocked.Exchange(ref _hubWatchers, 0);
            }
            ForgetIfUnwatched();
        }
    }

    private Task<LiveBoard?>? _firstBuild;

    /// <summary>The build under way for watchers that found no board, or <paramref name="build"/> started now; forgotten once done.</summary>
    public Task<LiveBoard?> FirstBuild(Func<Task<LiveBoard?>> build)
    {
        lock (_lock)
        {
            if (_firstBuild is { } running)
            {
                return running;
            }
            var task = build();
            _firstBuild = task;
            _ = task.ContinueWith(_ =>
            {
                lock (_lock)
                {
                    if (_firstBuild == task)
                    {
                        _firstBuild = null;
                    }
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }
    }

    /// <summary>A board built for a late watcher when none was kept: becomes the latest (and the patches' base), not pushed.</summary>
    public void Seed(LiveBoard board)
    {
        lock (_lock)
        {
            if (Latest is null && IsWatched)   // the watcher may have left while it was built
            {
                Latest = board with { Version = ++_version };
                _sent = Latest;
            }
        }
    }

    /// <summary>
    /// A rebuilt board: the latest from now on, pushed by the loop's push pass; unless nothing
    /// an observer sees changed (a commit that only read the session, e.g. the deadline
    /// sweep), then nothing is pushed.
    /// </summary>
    public void Publish(LiveBoard board)
    {
        lock (_lock)
        {
            // a board built while the last watcher left is not kept (nothing would ever clear it)
            if (!IsWatched || (Latest is { } latest && LiveBoardPatches.Diff(latest, board).IsEmpty))
            {
                return;
            }
            Latest = board with { Version = ++_version };
            _sent ??= Latest;   // hub watchers joined on a board built for them: nothing older to patch
            _due = true;
        }
    }

    public void PushIfDue(IHubContext<LiveHub, ILiveClient> hub, ILogger logger)
    {
        LiveBoard board;
        LiveBoard from;
        List<Func<LiveBoard, Task>> local;
        lock (_lock)
        {
            if (!_due || _sending || Latest is null || _sent is null)
            {
                return;
            }
            _due = false;
            _sending = true;
            (board, from, local) = (Latest, _sent, _local);
            _sent = board;
        }
        _ = SendAsync(hub, logger, from, board, local);
    }

    private async Task SendAsync(IHubContext<LiveHub, ILiveClient> hub, ILogger logger, LiveBoard from, LiveBoard board, List<Func<LiveBoard, Task>> local)
    {
        try
        {
            foreach (var watcher in local)
            {
                try
                {
                    await watcher(board);
                }
                catch (ObjectDisposedException)
                {
                    // a closed circuit; its subscription goes with its component
                }
            }
            var patch = LiveBoardPatches.Diff(from, board);
            if (Volatile.Read(ref _hubWatchers) > 0 && !patch.IsEmpty)
            {
                // serialized once per protocol by SignalR, written to every connection in the group
                await hub.Clients.Group(Group).Patch(patch);
            }
        }
        catch (Exception e)
        {
            LogPushFailed(logger, Group, e);
        }
        finally
        {
            lock (_lock)
            {
                _sending = false;
            }
        }
        PushIfDue(hub, logger);   // a board published while this one was being written
    }

    // an unwatched feed is not rebuilt, so what it holds would go stale
    private void ForgetIfUnwatched()
    {
        if (!IsWatched)
        {
            Latest = null;
            _sent = null;
            unwatched();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Papan nilai langsung {Feed} gagal dikirim")]
    private static partial void LogPushFailed(ILogger logger, string feed, Exception e);
}
