using AsnCat.Contracts.Exam;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

/// <summary>What the browser keeps for a reload (<see cref="ITerminalTokenStore"/>), and the pause as the candidate reads it.</summary>
public sealed partial class ExamTerminal
{
    /// <summary>While paused: since when, by the server's clock (null otherwise, or when the server did not say).</summary>
    public DateTimeOffset? PausedSince => Locked(() => clock.View is { Phase: ExamPhase.Paused } view ? view.PausedSince : null);

    /// <summary>While paused: the reason the proctor gave, if any.</summary>
    public string? PauseReason => Locked(() => clock.View is { Phase: ExamPhase.Paused } view ? view.PauseReason : null);

    private async Task<SavedTerminal?> LoadSavedAsync()
    {
        try
        {
            return await store.LoadAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogStoreFailed(logger, error);
            return null;
        }
    }

    private async Task<string> NameThisTerminalAsync()
    {
        try
        {
            return await store.TerminalNameAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogStoreFailed(logger, error);
            return "terminal-" + Guid.NewGuid().ToString("N")[..8];
        }
    }

    /// <summary>Writes what a reload needs. Each write takes a fresh snapshot, so the last write is the latest state.</summary>
    private async Task PersistAsync()
    {
        try
        {
            await storeGate.WaitAsync(stopping.Token);
            try
            {
                SavedTerminal? snapshot;
                lock (sync)
                {
                    snapshot = token is null || participant is null ? null : new SavedTerminal(token, participant, currentIndex, [.. book.Pending]);
                }
                await dispatch(() => snapshot is null ? store.ClearAsync().AsTask() : store.SaveAsync(snapshot).AsTask());
            }
            finally
            {
                storeGate.Release();
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogStoreFailed(logger, error);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Terminal storage in the browser failed")]
    private static partial void LogStoreFailed(ILogger logger, Exception error);
}
