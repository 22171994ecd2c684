using AsnCat.Server.Services.Live;

namespace AsnCat.Server.Tests.Live;

/// <summary>Collects the boards a watcher receives; waits for one that satisfies a condition.</summary>
internal sealed class LiveBoardRecorder
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

    public Task OnBoard(LiveBoard board)
    {
        lock (_lock)
        {
            _boards.Add(board);
            foreach (var w in _waiting.Where(w => w.Match(board)).ToList())
            {
                _waiting.Remove(w);
                w.Done.TrySetResult(board);
            }
        }
        return Task.CompletedTask;
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
