using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// The server's time as this terminal knows it: the last <see cref="ClockView"/> plus the time
/// elapsed since it arrived, measured with the monotonic timestamps of a <see cref="TimeProvider"/>.
/// The terminal's wall clock is never read, so a wrong clock on the terminal changes nothing.
/// </summary>
public sealed class ServerClock(TimeProvider time)
{
    private ClockView? view;
    private DateTimeOffset serverNowAtArrival;
    private long arrivedAt;
    private DateTimeOffset? pausedAt;

    public ClockView? View => view;

    public ExamPhase? Phase => view?.Phase;

    /// <summary>The server's time now, or null before the first clock arrived.</summary>
    public DateTimeOffset? Now => view is null ? null : serverNowAtArrival + time.GetElapsedTime(arrivedAt);

    /// <summary>
    /// A view older than the one held by less than this is a reply overtaken by a push; one older
    /// by more is the server's clock stepped back (it moves every deadline with the step).
    /// </summary>
    public static readonly TimeSpan OvertakenWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Applies a clock from the server unless a newer observation is already held (a slow
    /// <c>Clock()</c> reply must not undo a push); a view older by more than
    /// <see cref="OvertakenWindow"/> is applied: the server's clock was stepped back.
    /// <paramref name="roundTrip"/> is how long the request took: the server's time is taken to
    /// be from its middle.
    /// </summary>
    /// <returns>True when applied.</returns>
    public bool Apply(ClockView clock, TimeSpan roundTrip = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (view is not null && clock.ServerNow < view.ServerNow && view.ServerNow - clock.ServerNow < OvertakenWindow)
        {
            return false;
        }
        pausedAt = clock.Phase == ExamPhase.Paused ? (view?.Phase == ExamPhase.Paused ? pausedAt : clock.ServerNow) : null;
        view = clock;
        serverNowAtArrival = clock.ServerNow + (roundTrip / 2);
        arrivedAt = time.GetTimestamp();
        return true;
    }

    /// <summary>
    /// Time left on the exam: runs while <see cref="ExamPhase.Running"/>; while paused it stands
    /// still at what was left when the pause began (extra time granted during the pause counts);
    /// before the start it is the whole duration.
    /// </summary>
    public TimeSpan Remaining
    {
        get
        {
            if (view is null)
            {
                return TimeSpan.Zero;
            }
            var left = (view.Phase, view.Deadline) switch
            {
                (ExamPhase.Running, { } deadline) => deadline - Now!.Value,
                (ExamPhase.Paused, { } deadline) => deadline - (view.PausedSince ?? pausedAt ?? view.ServerNow),
                (ExamPhase.Waiting, _) => TimeSpan.FromMinutes(view.DurationMinutes),
                _ => TimeSpan.Zero,
            };
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>Time until the session's start (zero once it is due).</summary>
    public TimeSpan UntilStart
    {
        get
        {
            if (view is null)
            {
                return TimeSpan.Zero;
            }
            var left = view.StartsAt - Now!.Value;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }
}
