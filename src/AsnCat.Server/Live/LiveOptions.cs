namespace AsnCat.Server.Live;

/// <summary>The <c>Live</c> section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>The least time between two rebuilds (pushes) of one board; at least 100 ms.</summary>
    public TimeSpan PushInterval { get; set; } = LiveScores.Interval;
}
