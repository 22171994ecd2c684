namespace AsnCat.Contracts.Exam;

/// <summary>
/// The exam hub's contract, defined once and shared by the server (<c>Hub&lt;IExamClient&gt;</c>)
/// and every terminal; <c>docs/protocol.md</c> describes it for terminals in any language, and a
/// test fails when one changes without the other. Nothing here ever carries an answer key or a
/// weight.
/// </summary>
public static class ExamHub
{
    public const string Path = "/hubs/exam";

    /// <summary>The protocol's version (docs/protocol.md); raised whenever a message's shape or meaning changes.</summary>
    public const int ProtocolVersion = 3;

    /// <summary>The largest message a terminal may send, in bytes; a larger one closes the connection.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    /// <summary>Where a session's shared item content is served: <c>{ContentRoot}/{access}/{hash}</c>.</summary>
    public const string ContentRoot = "/exam/content";

    /// <summary>Font sizes a terminal offers: <see cref="DisplayView.FontStep"/> 0 (normal) .. FontSteps - 1.</summary>
    public const int FontSteps = 4;
}

/// <summary>What a terminal calls on the server. Every method answers with a reply; an expected refusal is never an exception.</summary>
public interface IExamHub
{
    /// <summary>Participant number and PIN; on success a terminal token and the exam so far.</summary>
    Task<LoginReply> Login(LoginRequest request);

    /// <summary>Re-attach with the token after a reconnect, a reload or a server restart; takes the attempt over from any other connection.</summary>
    Task<LoginReply> Reattach(ResumeRequest request);

    /// <summary>Choose (or clear, with a null slot) an answer; acknowledged only once durably stored.</summary>
    Task<SaveReply> SaveAnswer(SaveAnswerRequest request);

    /// <summary>Mark or unmark an item as doubtful (ragu-ragu); same rules as answers.</summary>
    Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request);

    /// <summary>End the exam after the candidate confirmed; scored at once.</summary>
    Task<FinishReply> Finish(FinishRequest request);

    /// <summary>The server's clock and this attempt's deadline, for resynchronising the countdown.</summary>
    Task<ClockReply> Clock();

    /// <summary>
    /// Keeps the candidate's display choices and the question on screen with the attempt, so a
    /// reload or another terminal shows the exam as the candidate left it (<see cref="ExamView.Display"/>).
    /// </summary>
    Task<DisplayReply> SaveDisplay(DisplayRequest request);
}

/// <summary>What the server pushes to a terminal.</summary>
public interface IExamClient
{
    /// <summary>The session started, paused or resumed, or the deadline moved (extra time, downtime credit).</summary>
    Task ClockChanged(ClockView clock);

    /// <summary>The attempt ended (deadline, proctor, or finished on another connection); shows the result.</summary>
    Task AttemptEnded(ExamResult result);

    /// <summary>This connection no longer holds the attempt: a proctor released it, or another connection re-attached with the token.</summary>
    Task TerminalReleased(string reason);
}

/// <summary>Every reply: <see cref="Ok"/>, or the refusal's <see cref="Error"/> and its Indonesian <see cref="Message"/>.</summary>
public interface IExamReply
{
    bool Ok { get; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The wire's field name since version 1; replies are records, nobody overrides it.")]
    ExamError Error { get; }

    string? Message { get; }
}

public enum ExamPhase
{
    /// <summary>Logged in; the session has not started (waiting room).</summary>
    Waiting = 0,
    Running = 1,
    Paused = 2,
    Finished = 3,
}

/// <summary>Why a call was refused. Every refusal also carries a message in Bahasa Indonesia. Numbers never change; new codes are added at the end.</summary>
public enum ExamError
{
    None = 0,
    NotLoggedIn = 1,
    WrongPin = 2,
    LockedOut = 3,
    OtherTerminalActive = 4,
    SessionNotOpen = 5,
    SessionEnded = 6,
    NotStarted = 7,
    Paused = 8,
    TimeUp = 9,
    Finished = 10,
    InvalidPosition = 11,
    InvalidOption = 12,
    NotConfirmed = 13,
    StorageUnavailable = 14,
    InvalidRequest = 15,

    /// <summary>This connection no longer holds the attempt (released by a proctor, or taken over by another connection).</summary>
    Released = 16,

    /// <summary>Too many calls on this connection; nothing was done. Wait and send again.</summary>
    RateLimited = 17,
}

public sealed record LoginRequest(string ParticipantNumber, string Pin, string? TerminalName);

/// <param name="Token">The token a login returned.</param>
/// <param name="SetHash">The <see cref="ExamSet.Hash"/> of the set the terminal already holds, or null: when it matches, the reply leaves the set out.</param>
public sealed record ResumeRequest(string Token, string? SetHash);

/// <summary>On success: <see cref="Token"/> (keep it to re-attach) and the exam view.</summary>
public sealed record LoginReply(bool Ok, ExamError Error, string? Message, string? Token, ExamView? Exam) : IExamReply
{
    public static LoginReply Refused(ExamError error, string message) => new(false, error, message, null, null);
}

/// <summary>
/// Everything a terminal shows, rebuilt from the server at any time.
/// <see cref="Set"/> is null when the set is withheld (before the start) or when the terminal
/// presented <see cref="SetHash"/> on re-attach (it already holds it). <see cref="Answers"/> lists
/// only positions with an answer or a doubtful mark; every other position is blank and unmarked.
/// </summary>
public sealed record ExamView(
    CandidateView Candidate,
    ExamPhase Phase,
    ClockView Clock,
    IReadOnlyList<SubtestView> Subtests,
    string? SetHash,
    ExamSet? Set,
    IReadOnlyList<AnswerView> Answers,
    long LastSeq,
    ExamResult? Result,
    DisplayView? Display = null);

/// <summary>
/// The candidate's display choices and the question last on screen, as the terminal last saved
/// them (<see cref="IExamHub.SaveDisplay"/>); null in <see cref="ExamView"/> until it first did.
/// </summary>
/// <param name="FontStep">0 (normal) .. <see cref="ExamHub.FontSteps"/> - 1.</param>
/// <param name="Position">The position last on screen.</param>
public sealed record DisplayView(int FontStep, bool HighContrast, int Position);

/// <summary>What <see cref="IExamHub.SaveDisplay"/> stores; the same three fields as <see cref="DisplayView"/>.</summary>
public sealed record DisplayRequest(int FontStep, bool HighContrast, int Position);

public sealed record DisplayReply(bool Ok, ExamError Error, string? Message) : IExamReply;

public sealed record CandidateView(string ParticipantNumber, string Name, string SessionCode, string Venue, string TimeZone, bool LargeFont, bool ScreenReader);

/// <summary>A subtest's block of positions: <see cref="From"/> .. From + Count - 1.</summary>
public sealed record SubtestView(string Code, string Name, int From, int Count);

/// <summary>
/// The candidate's set as references: <see cref="Questions"/>[p] names position p's item content
/// by hash; the content itself is shared by every candidate of the session and fetched once from
/// <see cref="ContentUrl"/> + hash.
/// </summary>
/// <param name="Hash">Names this set (contents and orders); present it on re-attach.</param>
/// <param name="ContentUrl">Absolute path ending in '/', e.g. <c>/exam/content/{access}/</c>, on the hub's origin.</param>
public sealed record ExamSet(string Hash, string ContentUrl, IReadOnlyList<QuestionRef> Questions);

/// <summary>
/// Position <see cref="Position"/> shows the item whose content is <see cref="Content"/>; slot k
/// (shown as A..E) is the content's option <c>Order[k]</c>.
/// </summary>
public sealed record QuestionRef(int Position, string Content, IReadOnlyList<int> Order);

/// <summary>One item's shared content (served as JSON at <c>ContentUrl + hash</c>); images name their own content hash.</summary>
public sealed record ItemContent(string Stem, TableView? Table, ImageView? Image, IReadOnlyList<OptionView> Options);

/// <summary>The question a terminal shows at a position: its content with the options in this candidate's order.</summary>
public sealed record QuestionView(int Position, string Subtest, string Stem, TableView? Table, ImageView? Image, IReadOnlyList<OptionView> Options);

public sealed record OptionView(string? Text, ImageView? Image);

/// <summary>An image: in <see cref="ItemContent"/> <see cref="Src"/> is its content hash; a terminal resolves it against the set's content URL.</summary>
public sealed record ImageView(string Src, string Alt);

public sealed record TableView(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A stored answer: the chosen slot (0..4 as shown, null when blank) and the doubtful mark.</summary>
public sealed record AnswerView(int Position, int? Slot, bool Doubtful);

/// <summary>
/// The server's clock. A terminal computes time left as <c>Deadline - (ServerNow + time elapsed
/// since it received this, by its own monotonic stopwatch)</c>: a wrong terminal clock changes nothing.
/// </summary>
/// <param name="PausedSince">While <see cref="Phase"/> is <see cref="ExamPhase.Paused"/>: since when (else null).</param>
/// <param name="PauseReason">While paused: the reason the proctor gave, to show the candidate (else null).</param>
public sealed record ClockView(ExamPhase Phase, DateTimeOffset ServerNow, DateTimeOffset StartsAt, DateTimeOffset? Deadline, int DurationMinutes,
    DateTimeOffset? PausedSince = null, string? PauseReason = null);

public sealed record ClockReply(bool Ok, ExamError Error, string? Message, ClockView? Clock) : IExamReply;

/// <summary>
/// <see cref="Slot"/> must be present: 0..4, or null to clear. <see cref="Seq"/> is the terminal's
/// own increasing number for this change; a retry or an older number (per position, answers and
/// marks counted apart) is acknowledged without applying (<c>SaveReply.Applied</c> false).
/// </summary>
public sealed record SaveAnswerRequest(int Position, int? Slot, long Seq);

public sealed record MarkDoubtfulRequest(int Position, bool Doubtful, long Seq);

/// <summary><see cref="Current"/> is what is stored at the position now.</summary>
public sealed record SaveReply(bool Ok, bool Applied, long Seq, ExamError Error, string? Message, AnswerView? Current) : IExamReply;

public sealed record FinishRequest(bool Confirmed);

public sealed record FinishReply(bool Ok, ExamError Error, string? Message, ExamResult? Result) : IExamReply;

public sealed record SubtestScore(string Code, string Name, int Score, int Max);

/// <summary>The score shown at the end; the same numbers are later published.</summary>
public sealed record ExamResult(IReadOnlyList<SubtestScore> Scores, int Total, int MaxTotal, bool Passed, string ThresholdName, IReadOnlyList<string> FailedConditions, DateTimeOffset FinishedAt, string EndedBy);
