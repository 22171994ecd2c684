namespace AsnCat.Server.Exam;

/// <summary>
/// The rules that give candidates back time the server took from them: downtime (a crash or a
/// stop), a step of the wall clock (NTP, an operator), and a storage outage (nothing could be
/// stored). Pure: it keeps the writer's marks (the last committed batch, the last time charged
/// to candidates, whether storage failed since) and says from when and by how much the running
/// clocks move; the writer moves them in the batch's transaction and audits it.
/// </summary>
internal sealed class TimeCredits(TimeProvider time)
{
    /// <summary>A wall-clock step larger than this between two batches (beyond the monotonic time that passed) is a clock jump.</summary>
    public static readonly TimeSpan ClockJumpThreshold = TimeSpan.FromSeconds(2);

    /// <summary>A storage outage longer than this (nothing could be stored) is credited to every running candidate.</summary>
    public static readonly TimeSpan StorageOutageThreshold = TimeSpan.FromSeconds(5);

    // the last committed batch: wall and monotonic clocks together
    private (DateTimeOffset Wall, long Timestamp)? _lastClock;

    // since when time counts against candidates: the last batch that stored without a storage
    // error, or the last outage credit; and whether a storage error happened since
    private (DateTimeOffset Wall, long Timestamp)? _charged;
    private bool _storageFailed;

    /// <summary>
    /// After a crash or stop, everyone who was still running gets back the time since the last
    /// heartbeat: their clocks move by (now - last heartbeat). That gap is downtime, a clock step
    /// while the server was down, or both (no monotonic clock survives a restart to tell them
    /// apart), and moving by it is right in every case: each keeps the remaining time they had at
    /// the last heartbeat. A gap below zero (the wall clock went back further than the server was
    /// down) is a backward clock step (<see cref="TimeCredit.IsDowntime"/> false), never negative downtime.
    /// Null without a heartbeat or when no time passed.
    /// </summary>
    public static TimeCredit? AfterRestart(DateTimeOffset? lastHeartbeat, DateTimeOffset now) =>
        lastHeartbeat is { } last && now.UtcTicks != last.UtcTicks ? new TimeCredit(last, now - last) : null;

    /// <summary>The writer started (its restart credit, if any, committed): both marks are now.</summary>
    public void Started(DateTimeOffset now, long timestamp)
    {
        _lastClock = (now, timestamp);
        _charged = (now, timestamp);
    }

    /// <summary>
    /// A batch at <paramref name="now"/> (wall) and <paramref name="timestamp"/> (monotonic): the wall
    /// time since the last committed batch is compared with the monotonic time, and a difference over
    /// <see cref="ClockJumpThreshold"/> moves every running clock by it, from the last batch's wall
    /// time. A forward step then ends no one early; a backward step extends no one. Null: no step.
    /// </summary>
    public TimeCredit? ClockStep(DateTimeOffset now, long timestamp)
    {
        if (_lastClock is not { } last)
        {
            return null;
        }
        var step = now - last.Wall - time.GetElapsedTime(last.Timestamp, timestamp);
        return step.Duration() <= ClockJumpThreshold ? null : new TimeCredit(last.Wall, step);
    }

    /// <summary>
    /// While nothing can be stored (a read-only or full disk) candidates cannot save an answer: the
    /// first batch after a storage error moves every running clock by the (monotonic) time since the
    /// last batch that stored normally, when that is over <see cref="StorageOutageThreshold"/>. Time
    /// lost to an outage is not charged, whether the server restarted or not. Null: nothing to credit.
    /// </summary>
    public TimeCredit? StorageOutage(long timestamp)
    {
        if (!_storageFailed || _charged is not { } from)
        {
            return null;
        }
        var outage = time.GetElapsedTime(from.Timestamp, timestamp);
        return outage <= StorageOutageThreshold ? null : new TimeCredit(from.Wall, outage);
    }

    /// <summary>
    /// A batch committed. <paramref name="storageFailed"/>: one of its commands met a storage error;
    /// <paramref name="outageCredited"/>: it credited an outage (if its commit had failed, the outage
    /// would go on and the next batch would try again). Time counts against candidates from here
    /// unless storage failed without a credit.
    /// </summary>
    public void Committed(DateTimeOffset now, long timestamp, bool storageFailed, bool outageCredited)
    {
        _lastClock = (now, timestamp);
        _storageFailed = storageFailed;
        if (outageCredited || !storageFailed)
        {
            _charged = (now, timestamp);
        }
    }

    /// <summary>A batch could not begin or commit: nothing was stored.</summary>
    public void StorageRefused() => _storageFailed = true;
}

/// <summary>Move the running clocks by <see cref="Step"/>: the attempts still running at <see cref="From"/>.</summary>
internal readonly record struct TimeCredit(DateTimeOffset From, TimeSpan Step)
{
    /// <summary>A restart's gap forward (downtime); backward it is a clock step.</summary>
    public bool IsDowntime => Step > TimeSpan.Zero;
}
