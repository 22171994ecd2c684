using System.Text.Json;
using AsnCat.Server.Data;
namespace AsnCat.Server.Exam;

/// <summary>
/// The writer's time credits: what a restart, a step of the wall clock or a storage outage did to
/// the running clocks is given back in the writer's own transactions (<see cref="TimeCredits"/>).
/// </summary>
public sealed partial class ExamWriter
{
    // After a crash or stop, the running clocks move by the time since the last heartbeat (TimeCredits.AfterRestart).
    private void CreditDowntime()
    {
        var now = time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        using var tx = _connection!.BeginTransaction();
        var scope = new WriterBatch(this, tx, now);
        var last = scope.Scalar<long?>("SELECT At FROM ServerHeartbeats WHERE Id = 1");
        if (TimeCredits.AfterRestart(last is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null, now) is { } credit)
        {
            var (lastBeat, gap) = (credit.From, credit.Step);
            var credited = ShiftClocks(scope, lastBeat, gap);
            if (credited > 0 && credit.IsDowntime)
            {
                scope.Audit("server", null, AuditActions.Server.DowntimeCredited, null,
                    JsonSerializer.Serialize(new { lastHeartbeat = lastBeat, restartedAt = now, downtimeSeconds = Math.Round(gap.TotalSeconds, 1), attempts = credited }));
                LogDowntime(logger, gap.TotalSeconds, credited, lastBeat);
            }
            else if (credited > 0)
            {
                scope.Audit("server", null, AuditActions.Server.ClockJump, null,
                    JsonSerializer.Serialize(new { stepSeconds = Math.Round(gap.TotalSeconds, 1), attempts = credited, lastHeartbeat = lastBeat, restartedAt = now }));
                LogClockJump(logger, gap.TotalSeconds, credited);
            }
        }
        Heartbeat(scope);
        tx.Commit();
        _credits.Started(now, timestamp);
    }

    // Every time decision (answers, finish, the deadline sweep, heartbeats) runs in a batch, so a
    // step of the wall clock is caught here before any command sees it, and the running clocks
    // move by it in this same transaction (TimeCredits.ClockStep).
    private void AbsorbClockJump(WriterBatch scope, long timestamp)
    {
        if (_credits.ClockStep(scope.Now, timestamp) is not { } credit)
        {
            return;
        }
        var (before, step) = (credit.From, credit.Step);
        var shifted = ShiftClocks(scope, before, step);
        scope.Audit("server", null, AuditActions.Server.ClockJump, null,
            JsonSerializer.Serialize(new { stepSeconds = Math.Round(step.TotalSeconds, 1), attempts = shifted, before, after = scope.Now }));
        LogClockJump(logger, step.TotalSeconds, shifted);
    }

    // The first batch after a storage error credits the outage (TimeCredits.StorageOutage) in
    // this batch's transaction: if it cannot commit either, the outage goes on and the next batch tries again.
    private bool CreditStorageOutage(WriterBatch scope, long timestamp)
    {
        if (_credits.StorageOutage(timestamp) is not { } credit)
        {
            return false;
        }
        var (lastStored, outage) = (credit.From, credit.Step);
        var shifted = ShiftClocks(scope, lastStored, outage);
        scope.Audit("server", null, AuditActions.Server.StorageOutageCredited, null,
            JsonSerializer.Serialize(new { lastStored, resumedAt = scope.Now, outageSeconds = Math.Round(outage.TotalSeconds, 1), attempts = shifted }));
        LogStorageOutageCredited(logger, outage.TotalSeconds, shifted);
        return true;
    }

    /// <summary>
    /// Moves the clocks of sessions that are running or paused by <paramref name="step"/>: their
    /// start and pause marks, and the deadline and own pause mark of each attempt still running at
    /// <paramref name="before"/> (remaining time is Deadline - now, or Deadline - PausedAt while
    /// paused: both keep their value). The writer's cached copies are dropped and reloaded.
    /// </summary>
    private int ShiftClocks(WriterBatch scope, DateTimeOffset before, TimeSpan step)
    {
        const string Live = "SELECT Id FROM ExamSessions WHERE State IN ('Running', 'Paused')";
        var shifted = scope.Execute(
            $"""
            UPDATE Attempts SET Deadline = Deadline + @step, PausedAt = PausedAt + @step
            WHERE State = 'Running' AND Deadline > @before AND ExamSessionId IN ({Live})
            """,
            ("@step", step.Ticks), ("@before", before.UtcTicks));
        scope.Execute($"UPDATE ExamSessions SET StartedAt = StartedAt + @step, PausedAt = PausedAt + @step WHERE Id IN ({Live})", ("@step", step.Ticks));
        _attempts.Clear();
        _sessions.Clear();
        return shifted;
    }

    internal static void Heartbeat(WriterBatch scope) =>
        scope.Execute("INSERT INTO ServerHeartbeats (Id, At) VALUES (1, @at) ON CONFLICT(Id) DO UPDATE SET At = excluded.At", ("@at", scope.Now.UtcTicks));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage was unavailable for {Seconds:F1} s: credited to {Attempts} running attempts")]
    private static partial void LogStorageOutageCredited(ILogger logger, double seconds, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server clock stepped {Seconds:F1} s: deadlines of {Attempts} running attempts moved with it, remaining time kept")]
    private static partial void LogClockJump(ILogger logger, double seconds, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server was down {Seconds:F1} s since heartbeat {LastBeat}: credited to {Attempts} running attempts")]
    private static partial void LogDowntime(ILogger logger, double seconds, int attempts, DateTimeOffset lastBeat);
}
