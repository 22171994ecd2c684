using System.Collections.Concurrent;

namespace AsnCat.Server.Network;

/// <summary>How many events each address had within a sliding window (failed logins, audit entries written).</summary>
internal sealed class AddressWindow(TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<long>> _events = new(StringComparer.Ordinal);

    public int Count(string address, TimeSpan window)
    {
        if (!_events.TryGetValue(address, out var events))
        {
            return 0;
        }
        lock (events)
        {
            Trim(events, window);
            return events.Count;
        }
    }

    /// <summary>Records one event; returns the count within the window, this one included.</summary>
    public int Add(string address, TimeSpan window)
    {
        if (_events.Count > PruneAbove)
        {
            foreach (var (key, queue) in _events)
            {
                lock (queue)
                {
                    Trim(queue, window);
                    if (queue.Count == 0)
                    {
                        _events.TryRemove(key, out _);
                    }
                }
            }
        }
        var events = _events.GetOrAdd(address, _ => new Queue<long>());
        lock (events)
        {
            Trim(events, window);
            events.Enqueue(time.GetTimestamp());
            return events.Count;
        }
    }

    private void Trim(Queue<long> events, TimeSpan window)
    {
        var now = time.GetTimestamp();
        while (events.TryPeek(out var at) && time.GetElapsedTime(at, now) >= window)
        {
            events.Dequeue();
        }
    }
}
