using AsnCat.Contracts.Exam;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

/// <summary>Answers, doubtful marks and finishing: shown at once, sent in seq order, resent until acknowledged.</summary>
public sealed partial class ExamTerminal
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(3);

    private Task? pump;
    private bool sendFailed;
    private long? waitingSince;

    /// <summary>What the candidate sees for the item at <paramref name="position"/>.</summary>
    public ItemState StateOf(int position)
    {
        lock (sync)
        {
            return book[position];
        }
    }

    public SaveState SaveStateOf(int position)
    {
        lock (sync)
        {
            var state = book[position];
            if (!state.Pending)
            {
                return state.Answered ? SaveState.Saved : SaveState.None;
            }
            var troubled = !Online || !attached || sendFailed
                || (waitingSince is { } since && time.GetElapsedTime(since) >= StuckAfter);
            return troubled ? SaveState.Unsaved : SaveState.Saving;
        }
    }

    /// <summary>Unanswered and doubtful items, as shown (unacknowledged changes included).</summary>
    public (int Unanswered, int Doubtful) Tally()
    {
        lock (sync)
        {
            int unanswered = 0, doubtful = 0;
            foreach (var question in Questions)
            {
                var state = book[question.Position];
                unanswered += state.Answered ? 0 : 1;
                doubtful += state.Doubtful ? 1 : 0;
            }
            return (unanswered, doubtful);
        }
    }

    /// <summary>Chooses option <paramref name="slot"/> (0 = A) of the item on screen.</summary>
    public Task ChooseAsync(int slot) => ChangeAsync(question =>
        slot >= 0 && slot < question.Options.Count && book[question.Position].Slot != slot
            ? book.Answer(question.Position, slot)
            : null);

    /// <summary>Clears the answer of the item on screen.</summary>
    public Task ClearAnswerAsync() => ChangeAsync(question =>
        book[question.Position].Answered ? book.Answer(question.Position, null) : null);

    public Task ToggleDoubtfulAsync() => ChangeAsync(question =>
        book.MarkDoubtful(question.Position, !book[question.Position].Doubtful));

    /// <summary>
    /// Ends the exam (the candidate confirmed): first every waiting change must be acknowledged,
    /// then <c>Finish</c>. False, with a <see cref="Notice"/>, when it could not be done.
    /// </summary>
    public async Task<bool> FinishAsync()
    {
        lock (sync)
        {
            if (Busy || Screen != TerminalScreen.Exam)
            {
                return false;
            }
            Busy = true;
            Notice = null;
        }
        Raise();
        try
        {
            await PumpAsync();
            lock (sync)
            {
                if (book.Next is not null)
                {
                    Notice = TerminalMessages.UnsavedBeforeFinish;
                    return false;
                }
            }
            FinishReply reply;
            try
            {
                reply = await transport.Finish(new FinishRequest(true));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogCallFailed(logger, nameof(IExamHub.Finish), error);
                lock (sync)
                {
                    Notice = TerminalMessages.FinishFailed;
                }
                return false;
            }
            if (reply.Ok || reply.Result is not null)
            {
                await ShowResultAsync(reply.Result);
                return true;
            }
            lock (sync)
            {
                Notice = reply.Message ?? TerminalMessages.Refused(reply.Error);
            }
            return false;
        }
        finally
        {
            lock (sync)
            {
                Busy = false;
            }
            Raise();
        }
    }

    private bool CanAnswerNow() =>
        Screen == TerminalScreen.Exam && clock.Phase == ExamPhase.Running && !IsTimeUp() && Current is not null;

    private bool IsTimeUp() => clock.Phase == ExamPhase.Running && clock.Remaining <= TimeSpan.Zero;

    private async Task ChangeAsync(Func<QuestionView, PendingChange?> change)
    {
        lock (sync)
        {
            if (!CanAnswerNow() || change(Current!) is null)
            {
                return;
            }
            waitingSince ??= time.GetTimestamp();
            Notice = null;
        }
        Raise();
        _ = PumpAsync();
        await PersistAsync();
    }

    private async Task ShowResultAsync(ExamResult? result)
    {
        lock (sync)
        {
            Result = result ?? Result;
            Screen = TerminalScreen.Result;
            book.Clear();
            waitingSince = null;
        }
        Raise();
        await PersistAsync();
    }

    /// <summary>
    /// Sends waiting changes one at a time, oldest first, until none is left or sending fails.
    /// At most one pump runs; the returned task completes when it stops.
    /// </summary>
    private Task PumpAsync()
    {
        TaskCompletionSource done;
        lock (sync)
        {
            if (pump is not null)
            {
                return pump;
            }
            if (!attached || book.Next is null)
            {
                return Task.CompletedTask;
            }
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pump = done.Task;
        }
        _ = RunPumpAsync(done);
        return done.Task;
    }

    private async Task RunPumpAsync(TaskCompletionSource done)
    {
        try
        {
            while (await SendNextAsync())
            {
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }

    /// <summary>Sends the oldest waiting change; false when the pump should stop.</summary>
    private async Task<bool> SendNextAsync()
    {
        PendingChange? next;
        lock (sync)
        {
            next = attached ? book.Next : null;
            if (next is null)
            {
                pump = null;
                return false;
            }
        }
        SaveReply reply;
        try
        {
            reply = next.Kind == ChangeKind.Answer
                ? await transport.SaveAnswer(new SaveAnswerRequest(next.Position, next.Slot, next.Seq))
                : await transport.MarkDoubtful(new MarkDoubtfulRequest(next.Position, next.Doubtful, next.Seq));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogSendFailed(logger, next.Seq, error);
            lock (sync)
            {
                sendFailed = true;
                failedAt = time.GetTimestamp();
                pump = null;
            }
            Raise();
            return false;
        }

        if (reply.Error == ExamError.Released)
        {
            await ReleaseAsync(reply.Message ?? TerminalMessages.Refused(reply.Error));
            return false;
        }
        bool goOn;
        lock (sync)
        {
            goOn = reply.Ok || !IsTransient(reply.Error);
            if (goOn)
            {
                var current = reply.Current ?? (reply.Ok && reply.Applied ? AnswerBook.Applied(next, book.StoredAt(next.Position)) : null);
                book.Settle(next, current);
                sendFailed = false;
                waitingSince = book.Next is null ? null : time.GetTimestamp();
                if (!reply.Ok)
                {
                    Notice = reply.Message ?? TerminalMessages.Refused(reply.Error);
                }
                else if (storageNotice is not null && Notice == storageNotice)
                {
                    Notice = null;   // the server stores again
                }
                storageNotice = null;
            }
            else
            {
                // Not refused for good: keep the change and send it again (after a re-attach if needed).
                if (reply.Error == ExamError.StorageUnavailable && reply.Message is { } message)
                {
                    Notice = storageNotice = message;   // "BELUM tersimpan ... lapor ke pengawas": the candidate must read it
                }
                sendFailed = true;
                failedAt = time.GetTimestamp();
                attached &= reply.Error != ExamError.NotLoggedIn;
                pump = null;
            }
        }
        Raise();
        if (goOn)
        {
            await PersistAsync();
        }
        return goOn;
    }

    // the server's own words while it cannot store (shown until a change is stored again)
    private string? storageNotice;

    private static bool IsTransient(ExamError error) => error is ExamError.NotLoggedIn or ExamError.StorageUnavailable or ExamError.RateLimited;

    [LoggerMessage(LogLevel.Warning, "Sending change {Seq} failed; it stays pending")]
    private static partial void LogSendFailed(ILogger logger, long seq, Exception error);
}
