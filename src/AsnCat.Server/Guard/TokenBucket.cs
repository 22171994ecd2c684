namespace AsnCat.Server.Guard;

/// <summary>
/// One connection's rate: full (<see cref="HubLimits.Burst"/> tokens) at its first call, refilled at
/// <see cref="HubLimits.PerSecond"/>; each call takes a token or is refused. Calls on one connection
/// may overlap, so it is locked.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private double _tokens = double.NaN;
    private long _last;

    /// <summary>Calls refused since the last one let through.</summary>
    public int RefusedInARow { get; private set; }

    public bool TryTake(HubLimits limits, TimeProvider time)
    {
        if (limits.PerSecond <= 0)
        {
            return true;
        }
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (double.IsNaN(_tokens))
            {
                _tokens = limits.Burst;
                _last = now;
            }
            var elapsed = time.GetElapsedTime(_last, now).TotalSeconds;
            _tokens = Math.Min(limits.Burst, _tokens + Math.Max(0, elapsed) * limits.PerSecond);
            _last = now;
            if (_tokens >= 1)
            {
                _tokens--;
                RefusedInARow = 0;
                return true;
            }
            RefusedInARow++;
            return false;
        }
    }
}
