using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
namespace AsnCat.Server.Exam;

/// <summary>
/// What proctors, committees and background jobs do to sessions and attempts: start, pause,
/// resume, grant time, release a terminal, force finish, issue PINs, end attempts at their
/// deadline. Every action runs in the <see cref="ExamWriter"/>, carries its actor, their address and reason
/// into the audit log, and reaches the terminals at once.
/// </summary>
public sealed class ExamControl(ExamWriter writer, ExamService exam, Secrets secrets, IExamNotifier notifier, AttemptHolders holders, IEnumerable<ISessionEndFollowUp> followUps)
{
    /// <summary>Issues a fresh PIN (returned once, stored hashed) and clears any lockout.</summary>
    public Task<string?> IssuePinAsync(int attemptId, string actor, string? address = null) =>
        writer.RunAsync<string?>(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            var pin = Secrets.NewPin();
            attempt.PinHash = secrets.HashPin(pin);
            attempt.FailedPins = 0;
            attempt.LockedUntil = null;
            b.Execute("UPDATE Attempts SET PinHash = @h, FailedPinCount = 0, LockedUntil = NULL WHERE Id = @id", ("@h", attempt.PinHash), ("@id", attemptId));
            b.Audit(actor, address, AuditActions.Pin.Issued, $"attempt:{attemptId}", null);
            return pin;
        }, () => null);

    /// <summary>Opens a scheduled session early: candidates can log in and wait for the start.</summary>
    public Task<bool> OpenSessionAsync(int sessionId, string actor, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State != SessionState.Scheduled)
            {
                return false;
            }
            session.State = SessionState.Open;
            b.Execute("UPDATE ExamSessions SET State = 'Open' WHERE Id = @id", ("@id", sessionId));
            b.Audit(actor, address, AuditActions.Session.Opened, $"session:{sessionId}", null);
            return true;
        }, () => false);

    /// <summary>Starts the session for everyone at once: every attempt's clock runs from now.</summary>
    public Task<bool> StartSessionAsync(int sessionId, string actor, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State is SessionState.Running or SessionState.Paused or SessionState.Ended)
            {
                return false;
            }
            session.State = SessionState.Running;
            session.StartedAt = b.Now;
            b.Execute("UPDATE ExamSessions SET State = 'Running', StartedAt = @at WHERE Id = @id", ("@at", b.Now.UtcTicks), ("@id", sessionId));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Waiting'"))
            {
                var attempt = await b.AttemptAsync(id);
                await ExamService.EnsureStartedAsync(b, attempt, session);
                await PushClockAsync(b, attempt, session);
            }
            b.Audit(actor, address, AuditActions.Session.Started, $"session:{sessionId}", null);
            return true;
        }, () => false);

    /// <summary>Pauses everyone (an outage); answers are refused until resume, and the pause is not charged.</summary>
    public Task<bool> PauseSessionAsync(int sessionId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State != SessionState.Running)
            {
                return false;
            }
            session.State = SessionState.Paused;
            session.PausedAt = b.Now;
            session.PauseReason = reason;
            b.Execute("UPDATE ExamSessions SET State = 'Paused', PausedAt = @at, PauseReason = @reason WHERE Id = @id", ("@at", b.Now.UtcTicks), ("@reason", reason), ("@id", sessionId));
            b.Audit(actor, address, AuditActions.Session.Paused, $"session:{sessionId}", JsonSerializer.Serialize(new { reason }));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Running'"))
            {
                await PushClockAsync(b, await b.AttemptAsync(id), session);
            }
            return true;
        }, () => false);

    public Task<bool> ResumeSessionAsync(int sessionId, string actor, string reason, string? address = null) =>
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
            session.PauseReason = null;
            b.Execute("UPDATE ExamSessions SET State = 'Running', PausedAt = NULL, PauseReason = NULL WHERE Id = @id", ("@id", sessionId));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Running'"))
            {
                var attempt = await b.AttemptAsync(id);
                attempt.Deadline += paused;
                b.Execute("UPDATE Attempts SET Deadline = @d WHERE Id = @id", ("@d", attempt.Deadline!.Value.UtcTicks), ("@id", id));
                await PushClockAsync(b, attempt, session);
            }
            b.Audit(actor, address, AuditActions.Session.Resumed, $"session:{sessionId}", JsonSerializer.Serialize(new { reason, pausedSeconds = paused.TotalSeconds }));
            return true;
        }, () => false);

    public Task<bool> GrantTimeAsync(int attemptId, int minutes, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State == AttemptState.Finished || minutes <= 0)
            {
                return false;
            }
            attempt.GrantedMinutes += minutes;
            attempt.Deadline += TimeSpan.FromMinutes(minutes);
            b.Execute("UPDATE Attempts SET ExtraMinutes = @m, Deadline = @d WHERE Id = @id",
                ("@m", attempt.GrantedMinutes), ("@d", attempt.Deadline?.UtcTicks), ("@id", attemptId));
            b.Audit(actor, address, AuditActions.Attempt.TimeGranted, $"attempt:{attemptId}", JsonSerializer.Serialize(new { minutes, reason }));
            await PushClockAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
            return true;
        }, () => false);

    /// <summary>Pauses one candidate (a broken terminal, a medical matter): answers are refused and the pause is not charged.</summary>
    public Task<bool> PauseAttemptAsync(int attemptId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State != AttemptState.Running || attempt.PausedAt is not null)
            {
                return false;
            }
            attempt.PausedAt = b.Now;
            attempt.PauseReason = reason;
            b.Execute("UPDATE Attempts SET PausedAt = @at, PauseReason = @reason WHERE Id = @id", ("@at", b.Now.UtcTicks), ("@reason", reason), ("@id", attemptId));
            b.Audit(actor, address, AuditActions.Attempt.Paused, $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason }));
            await PushClockAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
            return true;
        }, () => false);

    /// <summary>Resumes one paused candidate; the deadline moves by the length of the pause.</summary>
    public Task<bool> ResumeAttemptAsync(int attemptId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State != AttemptState.Running || attempt.PausedAt is not { } pausedAt)
            {
                return false;
            }
            var paused = b.Now - pausedAt;
            attempt.PausedAt = null;
            attempt.PauseReason = null;
            attempt.Deadline += paused;
            b.Execute("UPDATE Attempts SET PausedAt = NULL, PauseReason = NULL, Deadline = @d WHERE Id = @id", ("@d", attempt.Deadline!.Value.UtcTicks), ("@id", attemptId));
            b.Audit(actor, address, AuditActions.Attempt.Resumed, $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason, pausedSeconds = paused.TotalSeconds }));
            await PushClockAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
            return true;
        }, () => false);

    /// <summary>Frees the attempt from its terminal, so the candidate can log in on another one; answers stay.</summary>
    public Task<bool> ReleaseTerminalAsync(int attemptId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            attempt.TokenHash = null;
            b.Execute("UPDATE Attempts SET TokenHash = NULL, TerminalId = NULL WHERE Id = @id", ("@id", attemptId));
            b.Audit(actor, address, AuditActions.Attempt.TerminalReleased, $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason }));
            b.AfterCommit.Add(() =>
            {
                holders.Forget(attemptId);
                return notifier.TerminalReleasedAsync(attemptId, "Terminal ini dilepas oleh pengawas: " + reason);
            });
            return true;
        }, () => false);

    public Task<ExamResult?> ForceFinishAsync(int attemptId, string actor, string reason, string? address = null) =>
        writer.RunAsync<ExamResult?>(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            if (attempt.State != AttemptState.Running)
            {
                return attempt.Result;
            }
            b.Audit(actor, address, AuditActions.Attempt.ForceFinished, $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason }));
            return await exam.FinishCoreAsync(b, attempt, EndReasons.Proctor, null);
        }, () => null);

    /// <summary>
    /// Disqualifies a candidate (impostor, cheating): a running attempt ends and is scored as it
    /// stands; a finished one keeps its scores. Either way it is never ranked. The reason is audited.
    /// </summary>
    public Task<bool> DisqualifyAsync(int attemptId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var attempt = await b.AttemptAsync(attemptId);
            b.Audit(actor, address, AuditActions.Attempt.Disqualified, $"attempt:{attemptId}", JsonSerializer.Serialize(new { reason, state = attempt.State.ToString() }));
            switch (attempt.State)
            {
                case AttemptState.Running:
                    await exam.FinishCoreAsync(b, attempt, EndReasons.Disqualified, null);
                    break;
                case AttemptState.Finished:
                    b.Execute("UPDATE Attempts SET EndedBy = @by, Version = Version + 1 WHERE Id = @id", ("@by", EndReasons.Disqualified), ("@id", attemptId));
                    attempt.Result = attempt.Result is { } r ? r with { EndedBy = EndReasons.Disqualified } : null;
                    break;
                default:
                    b.Execute("UPDATE Attempts SET State = 'Finished', FinishedAt = @at, EndedBy = @by, Version = Version + 1 WHERE Id = @id",
                        ("@at", b.Now.UtcTicks), ("@by", EndReasons.Disqualified), ("@id", attemptId));
                    attempt.State = AttemptState.Finished;
                    break;
            }
            attempt.TokenHash = null;
            b.Execute("UPDATE Attempts SET TokenHash = NULL WHERE Id = @id", ("@id", attemptId));
            b.AfterCommit.Add(() => notifier.TerminalReleasedAsync(attemptId, "Ujian Anda dihentikan oleh pengawas."));
            return true;
        }, () => false);

    /// <summary>
    /// Ends the session: every running attempt ends and is scored now, every candidate who never
    /// logged in is recorded absent (not ranked, no score), and no one can log in again.
    /// Idempotent (false when already ended). Once committed, every <see cref="ISessionEndFollowUp"/>
    /// is told (the result bundle, the standings).
    /// </summary>
    public Task<bool> EndSessionAsync(int sessionId, string actor, string reason, string? address = null) =>
        writer.RunAsync(async b =>
        {
            var session = await b.SessionAsync(sessionId);
            if (session.State == SessionState.Ended)
            {
                return false;
            }
            // a started session started every attempt; whoever never logged in was absent, not scored 0
            var absent = AttemptIds(b, sessionId,
                "State = 'Waiting' OR (State = 'Running' AND NOT EXISTS (SELECT 1 FROM AuditEntries e WHERE e.Subject = 'attempt:' || Attempts.Id AND e.Action = @loginOk))",
                ("@loginOk", AuditActions.Login.Ok));
            foreach (var id in AttemptIds(b, sessionId, "State = 'Running'").Except(absent))
            {
                await exam.FinishCoreAsync(b, await b.AttemptAsync(id), EndReasons.SessionEnded, null);
            }
            foreach (var id in absent)
            {
                var attempt = await b.AttemptAsync(id);
                attempt.State = AttemptState.Finished;
                attempt.TokenHash = null;
                b.Execute("UPDATE Attempts SET State = 'Finished', FinishedAt = @at, EndedBy = @by, TokenHash = NULL, Version = Version + 1 WHERE Id = @id",
                    ("@at", b.Now.UtcTicks), ("@by", EndReasons.Absent), ("@id", id));
            }
            session.State = SessionState.Ended;
            session.PausedAt = null;
            session.PauseReason = null;
            b.Execute("UPDATE ExamSessions SET State = 'Ended', PausedAt = NULL, PauseReason = NULL, EndedAt = @at WHERE Id = @id", ("@at", b.Now.UtcTicks), ("@id", sessionId));
            b.Audit(actor, address, AuditActions.Session.Ended, $"session:{sessionId}", JsonSerializer.Serialize(new { reason, absent = absent.Count }));
            foreach (var followUp in followUps)
            {
                b.AfterCommit.Add(() =>
                {
                    followUp.SessionEnded(sessionId);
                    return Task.CompletedTask;
                });
            }
            return true;
        }, () => false);

    /// <summary>Ends and scores every running attempt past its deadline (sessions not paused). Idempotent.</summary>
    public Task<int> EndExpiredAsync() =>
        writer.RunAsync(async b =>
        {
            var ids = b.Query(
                """
                SELECT a.Id FROM Attempts a JOIN ExamSessions s ON s.Id = a.ExamSessionId
                WHERE a.State = 'Running' AND a.Deadline <= @now AND s.State = 'Running' AND a.PausedAt IS NULL
                """, r => r.GetInt32(0), ("@now", b.Now.UtcTicks));
            foreach (var id in ids)
            {
                var attempt = await b.AttemptAsync(id);
                await exam.EndIfExpiredAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
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

    private static List<int> AttemptIds(WriterBatch b, int sessionId, string where, params (string Name, object? Value)[] args) =>
        b.Query($"SELECT Id FROM Attempts WHERE ExamSessionId = @s AND ({where})", r => r.GetInt32(0), [("@s", sessionId), .. args]);
}

/// <summary>Why an attempt ended (<see cref="Attempt.EndedBy"/>).</summary>
public static class EndReasons
{
    public const string Candidate = "candidate";
    public const string Deadline = "deadline";
    public const string Proctor = "proctor";
    public const string SessionEnded = "session_ended";
    public const string Disqualified = AsnCat.Scoring.Unranked.Disqualified;
    public const string Absent = AsnCat.Scoring.Unranked.Absent;
}
