using AsnCat.Contracts.Live;

namespace AsnCat.Server.Tests.Live;

/// <summary>
/// Collects the boards a watcher receives (whole boards in process; over the hub the watch
/// call's board and then every pushed patch applied to it, as a client does); waits for one that
/// satisfies a condition.
/// </summary>
/// <param name="resync">Over the hub: watch again (called when a patch does not follow the board held).</param>
internal sealed class LiveBoardRecorder(Func<Task<LiveBoard>>? resync = null)
{
    private readonly Lock _lock = new();
    private readonly List<LiveBoard> _boards = [];
    private readonly List<(Func<LiveBoard, bool> Match, TaskCompletionSource<LiveBoard> Done)> _waiting = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _boards.Count;
            }
        }
    }

    /// <summary>The board with the highest version received so far.</summary>
    public LiveBoard? Latest
    {
        get
        {
            lock (_lock)
            {
                return _boards.MaxBy(b => b.Version);
            }
        }
    }

    /// <summary>Patches received, and how many did not follow the board held (each made the recorder watch again).</summary>
    public int Patches { get; private set; }

    public int Resyncs { get; private set; }

    /// <summary>A pushed patch: applied to the newest board (recorded as a board); an old one is ignored; one that does not follow resyncs.</summary>
    public Task OnPatch(BoardPatch patch)
    {
        lock (_lock)
        {
            Patches++;
            // a patch pushed while the watch call is still returning: its board holds at least that much, or the next patch resyncs
            if (_boards.MaxBy(b => b.Version) is not { } latest || patch.Version <= latest.Version)
            {
                return Task.CompletedTask;
            }
            if (latest.Apply(patch) is { } next)
            {
                Add(next);
                return Task.CompletedTask;
            }
            Resyncs++;
        }
        var again = resync ?? throw new InvalidOperationException($"patch {patch.BaseVersion}->{patch.Version} does not follow, and no resync");
        // not awaited on the connection's receive loop: the watch call's answer arrives on that loop
        _ = Task.Run(async () => await OnBoard(await again()));
        return Task.CompletedTask;
    }

    public Task OnBoard(LiveBoard board)
    {
        lock (_lock)
        {
            Add(board);
        }
        return Task.CompletedTask;
    }

    private void Add(LiveBoard board)
    {
        _boards.Add(board);
        foreach (var w in _waiting.Where(w => w.Match(board)).ToList())
        {
            _waiting.Remove(w);
            w.Done.TrySetResult(board);
        }
    }

    /// <summary>The first board (already received or coming) that matches; fails after 30 s.</summary>
    public Task<LiveBoard> WaitAsync(Func<LiveBoard, bool> match)
    {
        lock (_lock)
        {
            if (_boards.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }
            var done = new TaskCompletionSource<LiveBoard>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
    }
}
