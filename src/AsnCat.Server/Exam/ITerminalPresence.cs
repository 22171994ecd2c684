namespace AsnCat.Server.Exam;

/// <summary>
/// Told by the exam hub when a terminal holding an attempt connects or goes away, so whoever
/// watches seats (the proctor monitor) knows; the hub does not know who listens.
/// </summary>
public interface ITerminalPresence
{
    void Connected(int attemptId, int sessionId, string connectionId, bool finished = false);

    void Disconnected(int attemptId, int sessionId, string connectionId);
}
