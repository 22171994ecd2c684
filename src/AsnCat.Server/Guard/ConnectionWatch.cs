namespace AsnCat.Server.Guard;

/// <summary>What the guard knows about one connection. Calls on one connection may overlap, so counters are locked.</summary>
internal sealed class ConnectionWatch(string connectionId, string? address, string hub, Action abort)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly TokenBucket _bucket = new();

    public string ConnectionId { get; } = connectionId;

    public string? Address { get; } = address;

    public string Hub { get; } = hub;

    /// <summary>The participant number once a login succeeded; "anonim" before.</summary>
    public string Actor { get; set; } = "anonim";

    public int FailedLogins { get; set; }

    public int RefusedInARow => _bucket.RefusedInARow;

    public int Misuses { get; private set; }

    public void Abort() => abort();

    public int Note(string kind)
    {
        lock (_lock)
        {
            Misuses++;
            return _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_lock)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public bool TryTake(HubLimits limits, TimeProvider time) => _bucket.TryTake(limits, time);
}
