namespace AsnCat.Server.Exam;

/// <summary>
/// What follows a session's end, wherever it was ended from (the console, an API, a test): each
/// area that must act registers one (the ledger writes the result bundle, the results rebuild the
/// standings). <see cref="ExamControl.EndSessionAsync"/> calls every one after the end is committed,
/// and only when this call ended the session.
/// </summary>
public interface ISessionEndFollowUp
{
    /// <summary>Quick: enqueue the work, do not do it here.</summary>
    void SessionEnded(int sessionId);
}
