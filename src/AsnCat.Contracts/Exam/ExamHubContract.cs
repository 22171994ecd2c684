namespace AsnCat.Contracts.Exam;

/// <summary>
/// The exam hub's contract, defined once and shared by the server (<c>Hub&lt;IExamClient&gt;</c>)
/// and every terminal. Method names are taken with <c>nameof</c>, never typed twice.
/// Nothing here ever carries an answer key or a TKP weight.
/// </summary>
public static class ExamHub
{
    public const string Path = "/hubs/exam";
}

/// <summary>What a terminal calls on the server.</summary>
public interface IExamHub
{
    /// <summary>Participant number and PIN; on success a terminal token and the exam so far.</summary>
    Task<LoginReply> Login(LoginRequest request);

    /// <summary>Re-attach with the token after a reconnect, a reload or a server restart.</summary>
    Task<LoginReply> Reattach(ResumeRequest request);

    /// <summary>Choose (or clear, with a null slot) an answer; acknowledged only once durably stored.</summary>
    Task<SaveReply> SaveAnswer(SaveAnswerRequest request);

    /// <summary>Mark or unmark an item as doubtful (ragu-ragu); same rules as answers.</summary>
    Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request);

    /// <summary>End the exam after the candidate confirmed; scored at once.</summary>
    Task<FinishReply> Finish(FinishRequest request);

    /// <summary>The server's clock and this attempt's deadline, for resynchronising the countdown.</summary>
    Task<ClockView> Clock();
}

/// <summary>What the server pushes to a terminal.</summary>
public interface IExamClient
{
    /// <summary>The session started, paused or resumed, or the deadline moved (extra time, downtime credit).</summary>
    Task ClockChanged(ClockView clock);

    /// <summary>The attempt ended (deadline, proctor, or finished on another connection); shows the result.</summary>
    Task AttemptEnded(ExamResult result);

    /// <summary>This terminal no longer holds the attempt (a proctor released it to another terminal).</summary>
    Task TerminalReleased(string reason);
}

public enum ExamPhase
{
    /// <summary>Logged in; the session has not started (waiting room).</summary>
    Waiting,
    Running,
    Paused,
    Finished,
}

/// <summary>Why a call was refused. Every refusal also carries a message in Bahasa Indonesia.</summary>
public enum ExamError
{
    None,
    NotLoggedIn,
    WrongPin,
    LockedOut,
    OtherTerminalActive,
    SessionNotOpen,
    SessionEnded,
    NotStarted,
    Paused,
    TimeUp,
    Finished,
    InvalidPosition,
    InvalidOption,
    NotConfirmed,
    StorageUnavailable,
    InvalidRequest,
}

public sealed record LoginRequest(string ParticipantNumber, string Pin, string TerminalName);

public sealed record ResumeRequest(string Token);

/// <summary>On success: <see cref="Token"/> (keep it to resume) and the whole exam view.</summary>
public sealed record LoginReply(bool Ok, ExamError Error, string? Message, string? Token, ExamView? Exam)
{
    public static LoginReply Refused(ExamError error, string message) => new(false, error, message, null, null);
}

/// <summary>
/// Everything a terminal shows, rebuilt from the server at any time. Options are in the order
/// this candidate sees them; the terminal refers to them by slot 0..4 (shown as A..E).
/// </summary>
public sealed record ExamView(
    CandidateView Candidate,
    ExamPhase Phase,
    ClockView Clock,
    IReadOnlyList<SubtestView> Subtests,
    IReadOnlyList<QuestionView> Questions,
    IReadOnlyList<AnswerView> Answers,
    long LastSeq,
    ExamResult? Result);

public sealed record CandidateView(string ParticipantNumber, string Name, string SessionCode, string Venue, string TimeZone, bool LargeFont, bool ScreenReader);

/// <summary>A subtest's block of positions: <see cref="From"/> .. From + Count - 1.</summary>
public sealed record SubtestView(string Code, string Name, int From, int Count);

public sealed record QuestionView(int Position, string Subtest, string Stem, TableView? Table, ImageView? Image, IReadOnlyList<OptionView> Options);

public sealed record OptionView(string? Text, ImageView? Image);

/// <summary>An image as a data URI (the terminal fetches nothing else from the bank).</summary>
public sealed record ImageView(string Src, string Alt);

public sealed record TableView(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A stored answer: the chosen slot (0..4 as shown, null when blank) and the doubtful mark.</summary>
public sealed record AnswerView(int Position, int? Slot, bool Doubtful);

/// <summary>
/// The server's clock. A terminal computes time left as <c>Deadline - (ServerNow + time elapsed
/// since it received this, by its own monotonic stopwatch)</c>: a wrong terminal clock changes nothing.
/// </summary>
public sealed record ClockView(ExamPhase Phase, DateTimeOffset ServerNow, DateTimeOffset StartsAt, DateTimeOffset? Deadline, int DurationMinutes);

/// <summary>
/// <see cref="Seq"/> is the terminal's own increasing number for this change. A retry or an older
/// number is acknowledged without applying (<c>SaveReply.Applied</c> false); <c>SaveReply.Current</c> is
/// what is stored now.
/// </summary>
public sealed record SaveAnswerRequest(int Position, int? Slot, long Seq);

public sealed record MarkDoubtfulRequest(int Position, bool Doubtful, long Seq);

public sealed record SaveReply(bool Ok, bool Applied, long Seq, ExamError Error, string? Message, AnswerView? Current);

public sealed record FinishRequest(bool Confirmed);

public sealed record FinishReply(bool Ok, ExamError Error, string? Message, ExamResult? Result);

public sealed record SubtestScore(string Code, string Name, int Score, int Max);

/// <summary>The score shown at the end; the same numbers are later published.</summary>
public sealed record ExamResult(IReadOnlyList<SubtestScore> Scores, int Total, int MaxTotal, bool Passed, string ThresholdName, IReadOnlyList<string> FailedConditions, DateTimeOffset FinishedAt, string EndedBy);
