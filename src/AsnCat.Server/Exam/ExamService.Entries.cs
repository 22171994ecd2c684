using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
namespace AsnCat.Server.Exam;

/// <summary>How a login or a re-attach leaves the writer and gets its set named.</summary>
public sealed partial class ExamService
{
    private static Entry Refuse(ExamError error, string message) => Entry.Refused(error, message);

    /// <summary>A login or re-attach as the writer decided it; <see cref="Set"/> is the set still to be named in the reply (null: withheld).</summary>
    private sealed record Entry(LoginReply Reply, TerminalBinding? Binding, SetToName? Set)
    {
        public static Entry Refused(ExamError error, string message) => new(LoginReply.Refused(error, message), null, null);
    }

    private sealed record SetToName(ExamMaterial Material, QuestionSet Set, int SessionId);

    /// <summary>
    /// Names the set in the reply outside the writer (its references are a pure function of the
    /// drawn set, so a thousand logins of a synchronized start compute them on every core, not one
    /// after another in the writer); left out when the terminal already holds it (<paramref name="heldSetHash"/>).
    /// </summary>
    private (LoginReply Reply, TerminalBinding? Binding) WithSet(Entry entry, string? heldSetHash)
    {
        if (entry.Set is not { } pending || entry.Reply.Exam is not { } view)
        {
            return (entry.Reply, entry.Binding);
        }
        var (hash, questions) = pending.Material.ForTerminal(pending.Set, heldSetHash);
        var sent = questions is null ? null : new ExamSet(hash, content.UrlFor(pending.SessionId), questions);
        return (entry.Reply with { Exam = view with { SetHash = hash, Set = sent } }, entry.Binding);
    }
}
