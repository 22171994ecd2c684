using System.Text.Json;
using AsnCat.ExamClient.Contracts;
using AsnCat.Server.Data;

namespace AsnCat.Server.Services.Exam;

/// <summary>
/// What proctors, committees and background jobs do to sessions and attempts: start, pause,
/// resume, grant time, release a terminal, force finish, issue PINs, end attempts at their
/// deadline. Every action runs in the <see cref="ExamWriter"/>, carries its actor and reason into
/// the audit log, and reaches the terminals at once.
/// </summary>
public sealed class ExamControl(ExamWriter writer, ExamService exam, Secrets secrets, IExamNotifier notifier)
{
    /// <summary>Issues a fresh PIN (returned once, stored hashed) and clears any lockout.</summary>
    public Task<string?> IssuePinAsync(int attemptId, string actor) =>
        writer.RunAsync<string?>(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            var pin = Secrets.NewPin();
            attempt.PinHash = secrets.HashPin(pin);
            attempt.FailedPins = 0;
            attempt.LockedUntil = null;
            b.Execute("UPDATE Attempts SET PinHash = $h, FailedPinCount = 0, LockedUntil = NULL WHERE Id = $id", ("$h", attempt.PinHash), ("$id", attemptId));
            b.Audit(actor, null, "pin.issued", $"attempt:{attemptId}", null);
            return pin;
        }, () => null);

    /// <summary>Starts the session for everyone at once: every attempt's clock runs from now.</summary>
    public Task<bool> StartSessionAsync(int sessionId, string actor) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State is SessionState.Running or SessionState.Paused or SessionState.Ended)
            {
                return false;
            }
            session.State = SessionState.Running;
            session.StartedAt = b.Now;
            b.Execute("UPDATE ExamSessions SET State = 'Running', StartedAt = $at WHERE Id = $id", ("$at", b.Now.UtcTicks), ("$id", sessionId));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Waiting'"))
            {
                var attempt = await b.AttemptAsync(id);
                await ExamService.EnsureStartedAsync(b, attempt, session);
                await PushClockAsync(b, attempt, session);
            }
            b.Audit(actor, null, "session.started", $"session:{sessionId}", null);
            return true;
        }, () => false);

    /// <summary>Pauses everyone (an outage); answers are refused until resume, and the pause is not charged.</summary>
    public Task<bool> PauseSessionAsync(int sessionId, string actor, string reason) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State != SessionState.Running)
            {
                return false;
            }
            session.State = SessionState.Paused;
            session.PausedAt = b.Now;
            b.Execute("UPDATE ExamSessions SET State = 'Paused', PausedAt = $at WHERE Id = $id", ("$at", b.Now.UtcTicks), ("$id", sessionId));
            b.Audit(actor, null, "session.paused", $"session:{sessionId}", JsonSerializer.Serialize(new { reason }));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Running'"))
            {
                await PushClockAsync(b, await b.AttemptAsync(id), session);
            }
            return true;
        }, () => false);

    public Task<bool> ResumeSessionAsync(int sessionId, string actor, string reason) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State != SessionState.Paused || session.PausedAt is not { } pausedAt)
            {
                return false;
            }
            var paused = b.Now - pausedAt;
            session.State = SessionState.Running;
            session.PausedAt = null;
            b.Execute("UPDATE ExamSessions SET State = 'Running', PausedAt = NULL WHERE Id = $id", ("$id", sessionId));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Running'"))
            {
                var attempt = await b.AttemptAsync(id);
                attempt.Deadline += paused;
                b.Execute("UPDATE Attempts SET Deadline = $d WHERE Id = $id", ("$d", attempt.Deadline!.Value.UtcTicks), ("$id", id));
                await PushClockAsync(b, attempt, session);
            }
            b.Audit(actor, null, "session.resumed", $"session:{sessionId}", JsonSerializer.Serialize(new { reason, pausedSeconds = paused.TotalSeconds }));
            return true;
        }, () => false);

    public Task<bool> GrantTimeAsync(int attemptId, int minutes, string actor, string reason) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State == AttemptState.Finished || minutes <= 0)
            {
                return false;
            }
            attempt.GrantedMinutes += minutes;
            attempt.Deadline += TimeSpan.FromMinutes(minutes);
            b.Execute("UPDATE Attempts SET ExtraMinutes = $m, Deadline = $d WHERE Id = $id",
                ("$m", attempt.GrantedMinutes), ("$d", attempt.Deadline?.UtcTicks), ("$id", attemptId));
            b.Audit(actor, null, "attempt.time_granted", $"attempt:{attemptId}", JsonSerializer.Serialize(new { minutes, reason }));
            await PushClockAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
            return true;
        }, () => false);

    /// <summary>Frees the attempt from its terminal, so the candidate can log in on another one; answers stay.</summary>
    public Task<bool> ReleaseTerminalAsync(int attemptId, string actor, string reason) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            attempt.TokenHash = null;
            b.Execute("UPDATE Attempts SET TokenHash = NULL, TerminalId = NULL WHERE Id = $id", ("$id", attemptId));
            b.Audit(actor, null, "attempt.terminal_released", $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason }));
            b.AfterCommit.Add(() => notifier.TerminalReleasedAsync(attemptId, "Terminal ini dilepas oleh pengawas: " + reason));
            return true;
        }, () => false);

    public Task<ExamResult?> ForceFinishAsync(int attemptId, string actor, string reason) =>
        writer.RunAsync<ExamResult?>(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State != AttemptState.Running)
            {
                return attempt.Result;
            }
            b.Audit(actor, null, "attempt.force_finished", $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason }));
            return await exam.FinishCoreAsync(b, attempt, "proctor", null);
        }, () => null);

    /// <summary>Ends and scores every running attempt past its deadline (sessions not paused). Idempotent.</summary>
    public Task<int> EndExpiredAsync() =>
        writer.RunAsync(async b =>
        {
            var ids = b.Query(
                """
                SELECT a.Id FROM Attempts a JOIN ExamSessions s ON s.Id = a.ExamSessionId
                WHERE a.State = 'Running' AND a.Deadline <= $now AND s.State = 'Running'
                """, r => r.GetInt32(0), ("$now", b.Now.UtcTicks));
            foreach (var id in ids)
            {
                var attempt = await b.AttemptAsync(id);
                if (attempt.State == AttemptState.Running && attempt.Deadline <= b.Now)
                {
                    await exam.FinishCoreAsync(b, attempt, "deadline", null);
                }
            }
            return ids.Count;
        }, () => 0);

    public Task<bool> HeartbeatAsync() =>
        writer.RunAsync(b =>
        {
            ExamWriter.Heartbeat(b);
            return Task.FromResult(true);
        }, () => false);

    private async Task PushClockAsync(WriterBatch b, AttemptRuntime attempt, SessionRuntime session)
    {
        var clock = ExamService.Clock(b, attempt, session, await b.Materials.ForSessionAsync(attempt.SessionId));
        b.AfterCommit.Add(() => notifier.ClockChangedAsync(attempt.Id, clock));
    }

    private static List<int> AttemptIds(WriterBatch b, int sessionId, string where) =>
        b.Query($"SELECT Id FROM Attempts WHERE ExamSessionId = $s AND {where}", r => r.GetInt32(0), ("$s", sessionId));
}
