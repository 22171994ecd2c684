using Hangfire;

namespace AsnCat.Server.Exam;

/// <summary>
/// Ends and scores every running attempt past its deadline, whether or not a terminal is
/// connected. Reentrant: the work runs in the single <see cref="ExamWriter"/>, which checks each
/// attempt's state and deadline (read from the injected <see cref="TimeProvider"/>) before ending
/// it, so two sweeps at once, or a sweep racing the 1 s local sweep, end an attempt exactly once.
/// </summary>
public sealed partial class DeadlineSweepJob(ExamControl control, ILogger<DeadlineSweepJob> logger)
{
    public const string Id = "deadline-sweep";

    // A failed sweep is not retried: the next minute's run (and the local 1 s sweep) does the same work.
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync()
    {
        var ended = await control.EndExpiredAsync();
        if (ended > 0)
        {
            LogEnded(logger, ended);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep ended and scored {Count} attempts")]
    private static partial void LogEnded(ILogger logger, int count);
}
