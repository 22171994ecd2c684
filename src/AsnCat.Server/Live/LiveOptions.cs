namespace AsnCat.Server.Live;

/// <summary>The <c>Live</c> section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>The least time between two rebuilds (pushes) of one board; at least 100 ms.</summary>
    public TimeSpan PushInterval { get; set; } = LiveScores.Interval;

    /// <summary>
    /// Observer connections the live hub holds at once; one more is refused (503 with a pointer to
    /// the public HTTP state) so the terminals keep the server. Set it from a measurement of the
    /// machine (README, Live observers at scale); at least 1. The default is what the 2-core
    /// machine served beside 2,000 terminals with their ack p99 under 250 ms since patches carry
    /// cells and the fan-out goes in slices (163-217 ms at 5,000 observers in four runs, 203 ms
    /// with 20,000 trying and 15,000 refused; before, 665 ms at 5,000 and 2,500 was the limit).
    /// </summary>
    public int MaxObservers { get; set; } = 5000;

    /// <summary>How long an observer's pushes may wait in its full outgoing buffer with no progress before it is dropped; at least 1 s.</summary>
    public TimeSpan DropAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes an observer connection's outgoing buffer holds before its writes wait (and count towards dropping it); 4 KiB to 1 MiB.</summary>
    public int SendBufferBytes { get; set; } = 64 * 1024;
}
