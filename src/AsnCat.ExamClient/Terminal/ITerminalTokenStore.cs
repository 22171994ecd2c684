namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// What the browser keeps so that a reload (or a server restart) resumes exactly where the
/// candidate was: the terminal token, the question on screen, and every change not yet
/// acknowledged by the server.
/// </summary>
public interface ITerminalTokenStore
{
    ValueTask<SavedTerminal?> LoadAsync();

    ValueTask SaveAsync(SavedTerminal saved);

    ValueTask ClearAsync();

    /// <summary>This browser's terminal name, made up once and kept.</summary>
    ValueTask<string> TerminalNameAsync();
}

/// <param name="Token">The terminal token from the last login or re-attach.</param>
/// <param name="ParticipantNumber">Whose attempt the token holds.</param>
/// <param name="Index">The question on screen (0-based index into the exam's questions).</param>
/// <param name="Pending">Changes sent or to be sent, not yet acknowledged, in seq order.</param>
public sealed record SavedTerminal(string Token, string ParticipantNumber, int Index, IReadOnlyList<PendingChange> Pending);
