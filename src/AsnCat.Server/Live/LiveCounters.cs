namespace AsnCat.Server.Live;

/// <summary>
/// What the live area served since the start, for <c>GET /api/admin/runtime</c> and the load
/// run: hub observers admitted, refused (over <see cref="LiveOptions.MaxObservers"/>) and dropped
/// (their pushes backed up), and the public HTTP state's answers (whole boards and 304s).
/// </summary>
public sealed class LiveCounters
{
    private long _observers;
    private long _admitted;
    private long _refused;
    private long _dropped;
    private long _httpBoards;
    private long _httpNotModified;
    private long _pushes;
    private long _pushBytes;

    /// <summary>Observer connections open on the live hub now (admitted and not yet gone).</summary>
    public long Observers => Interlocked.Read(ref _observers);

    public long Admitted => Interlocked.Read(ref _admitted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Public HTTP answers with a whole board (200).</summary>
    public long HttpBoards => Interlocked.Read(ref _httpBoards);

    /// <summary>Public HTTP answers "not modified" (304: the asker's ETag is the current board's).</summary>
    public long HttpNotModified => Interlocked.Read(ref _httpNotModified);

    /// <summary>Patches sent to hub groups (one per board push, however many watch it).</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>Bytes of those patches as serialized once per protocol in use (JSON text, MessagePack binary).</summary>
    public long PushBytes => Interlocked.Read(ref _pushBytes);

    /// <summary>Takes a place for an observer when fewer than <paramref name="max"/> are open; false (counted as refused) when full.</summary>
    internal bool TryAdmit(int max)
    {
        for (var open = Interlocked.Read(ref _observers); ; open = Interlocked.Read(ref _observers))
        {
            if (open >= max)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }
            if (Interlocked.CompareExchange(ref _observers, open + 1, open) == open)
            {
                Interlocked.Increment(ref _admitted);
                return true;
            }
        }
    }

    internal void Refuse() => Interlocked.Increment(ref _refused);

    internal void Left() => Interlocked.Decrement(ref _observers);

    internal void Drop() => Interlocked.Increment(ref _dropped);

    internal void HttpAnswer(bool notModified) => Interlocked.Increment(ref notModified ? ref _httpNotModified : ref _httpBoards);

    internal void Pushed(long bytes)
    {
        Interlocked.Increment(ref _pushes);
        Interlocked.Add(ref _pushBytes, bytes);
    }
}
