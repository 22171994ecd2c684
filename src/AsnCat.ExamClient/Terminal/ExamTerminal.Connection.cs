using AsnCat.Contracts.Exam;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

/// <summary>The server's pushes, the connection's ups and downs, and the one-second tick.</summary>
public sealed partial class ExamTerminal : IExamClient
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResyncEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private bool attached;
    private bool attaching;
    private long failedAt;
    private long lastResync;
    private bool timeUpSeen;

    private enum AttachOutcome
    {
        Attached,
        Refused,
        Failed,
    }

    Task IExamClient.ClockChanged(ClockView clock) => ApplyClockAsync(clock, TimeSpan.Zero);

    Task IExamClient.AttemptEnded(ExamResult result) => ShowResultAsync(result);

    Task IExamClient.TerminalReleased(string reason) => ReleaseAsync(reason);

    /// <summary>This connection no longer holds the attempt (pushed, or learnt from a <see cref="ExamError.Released"/> reply).</summary>
    private async Task ReleaseAsync(string reason)
    {
        lock (sync)
        {
            token = null;
            participant = null;
            attached = false;
            book.Clear();
            waitingSince = null;
            ReleasedReason = reason;
            Screen = TerminalScreen.Released;
        }
        Raise();
        await PersistAsync();
    }

    private Task OnConnectionLostAsync()
    {
        lock (sync)
        {
            Online = false;
            attached = false;
        }
        Raise();
        return Task.CompletedTask;
    }

    private async Task OnReconnectedAsync()
    {
        lock (sync)
        {
            Online = true;
        }
        Raise();
        await ReattachAsync();
    }

    /// <summary>Binds this connection to the attempt again with the kept token; on success resends what waits.</summary>
    private async Task<AttachOutcome> ReattachAsync()
    {
        string held;
        string? setHash;
        lock (sync)
        {
            if (token is null)
            {
                return AttachOutcome.Refused;
            }
            if (attaching)
            {
                return AttachOutcome.Failed;
            }
            attaching = true;
            held = token;
            setHash = questions.Count > 0 ? heldSetHash : null;
        }
        try
        {
            LoginReply reply;
            try
            {
                reply = await transport.Reattach(new ResumeRequest(held, setHash));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogCallFailed(logger, nameof(IExamHub.Reattach), error);
                lock (sync)
                {
                    failedAt = time.GetTimestamp();
                }
                return AttachOutcome.Failed;
            }
            if (reply is { Ok: true, Exam: { } view })
            {
                return await EnterAsync(view, reply.Token ?? held, fresh: false) ? AttachOutcome.Attached : AttachOutcome.Failed;
            }
            if (reply.Error is ExamError.StorageUnavailable or ExamError.RateLimited)
            {
                lock (sync)
                {
                    failedAt = time.GetTimestamp();
                }
                return AttachOutcome.Failed;   // not refused: tried again shortly with the same token
            }
            lock (sync)
            {
                token = null;
                attached = false;
                if (Screen is TerminalScreen.Connecting or TerminalScreen.Waiting or TerminalScreen.Exam)
                {
                    LoginError = string.IsNullOrWhiteSpace(reply.Message) ? TerminalMessages.AttachExpired : TerminalMessages.LoginRefused(reply);
                    Screen = TerminalScreen.Login;
                }
            }
            Raise();
            await PersistAsync();
            return AttachOutcome.Refused;
        }
        finally
        {
            lock (sync)
            {
                attaching = false;
            }
        }
    }

    private async Task ApplyClockAsync(ClockView view, TimeSpan roundTrip)
    {
        var refetch = false;
        lock (sync)
        {
            if (!clock.Apply(view, roundTrip))
            {
                return;
            }
            if (exam is not null && Screen == TerminalScreen.Waiting && view.Phase is ExamPhase.Running or ExamPhase.Paused)
            {
                // The questions may be withheld until the start: fetch them with a re-attach.
                refetch = questions.Count == 0;
                Screen = refetch ? Screen : TerminalScreen.Exam;
            }
            // Ended while the push was missed (connection down at that moment): the re-attach brings the result.
            refetch |= view.Phase == ExamPhase.Finished && Screen is TerminalScreen.Waiting or TerminalScreen.Exam;
        }
        Raise();
        if (refetch)
        {
            await ReattachAsync();
        }
    }

    private async Task ResyncAsync()
    {
        var sentAt = time.GetTimestamp();
        ClockReply reply;
        try
        {
            reply = await transport.Clock();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogCallFailed(logger, nameof(IExamHub.Clock), error);
            return;
        }
        if (reply is { Ok: true, Clock: { } view })
        {
            await ApplyClockAsync(view, time.GetElapsedTime(sentAt));
        }
        else if (reply.Error == ExamError.Released)
        {
            await ReleaseAsync(reply.Message ?? TerminalMessages.Refused(reply.Error));
        }
        else if (reply.Error == ExamError.NotLoggedIn)
        {
            lock (sync)
            {
                attached = false;   // re-attached by the next tick
            }
        }
    }

    private void Tick()
    {
        bool resync, resend, reattach, refresh;
        lock (sync)
        {
            var retryDue = time.GetElapsedTime(failedAt) >= RetryAfter;
            resync = attached && time.GetElapsedTime(lastResync) >= ResyncEvery;
            if (resync)
            {
                lastResync = time.GetTimestamp();
            }
            resend = attached && sendFailed && pump is null && retryDue;
            reattach = Online && !attached && !attaching && token is not null && retryDue;
            // A change waiting for a reply turns into a warning after a few seconds.
            refresh = book.Next is not null;
            var timeUp = IsTimeUp();
            if (timeUp && !timeUpSeen)
            {
                refresh = true;
                resync = true;
            }
            timeUpSeen = timeUp;
        }
        Ticked?.Invoke();
        if (refresh)
        {
            Raise();
        }
        if (resync)
        {
            _ = ResyncAsync();
        }
        if (resend)
        {
            _ = PumpAsync();
        }
        if (reattach)
        {
            _ = ReattachAsync();
        }
    }
}
