namespace AsnCat.Server.Data;

/// <summary>One candidate sitting one session: the drawn set, the clock, the outcome.</summary>
public sealed class Attempt
{
    public int Id { get; set; }

    public int ExamSessionId { get; set; }

    public ExamSession? ExamSession { get; set; }

    public int CandidateId { get; set; }

    public Candidate? Candidate { get; set; }

    public string? PinHash { get; set; }

    public int FailedPinCount { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public AttemptState State { get; set; }

    /// <summary>The question set in canonical text (<c>TWK-NAS-003:CAEBD ...</c>), once drawn.</summary>
    public string? SetText { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Minutes granted beyond the blueprint's duration (accommodation or proctor's grant).</summary>
    public int ExtraMinutes { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Set while a proctor has paused this one candidate; the deadline moves by the pause on resume.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>The proctor's reason for pausing this candidate, shown on the terminal while paused.</summary>
    public string? PauseReason { get; set; }

    /// <summary>The candidate's font size on the terminal (0..3); null until the terminal first saved its display.</summary>
    public int? FontStep { get; set; }

    public bool HighContrast { get; set; }

    /// <summary>The position last on the candidate's screen, so a reload or another terminal resumes there.</summary>
    public int? LastPosition { get; set; }

    /// <summary>Score per subtest code, in blueprint order, once finished.</summary>
    public Dictionary<string, int>? Scores { get; set; }

    public int? Total { get; set; }

    public bool? Passed { get; set; }

    /// <summary>The seat number in the session's room (1..Seats), assigned with the candidate.</summary>
    public int? Seat { get; set; }

    /// <summary>SHA-256 of the token held by the one active terminal; null when no terminal holds the attempt.</summary>
    public string? TokenHash { get; set; }

    /// <summary>Why the attempt ended: one of <c>Exam.EndReasons</c>: candidate, deadline, proctor, session_ended, disqualified, absent.</summary>
    public string? EndedBy { get; set; }

    public string? TerminalId { get; set; }

    public string? ConnectionId { get; set; }

    /// <summary>Optimistic concurrency token; <see cref="AsnCatDb"/> increments it on every update.</summary>
    public int Version { get; set; }

    public List<Answer> Answers { get; } = [];
}

public enum AttemptState
{
    Waiting,
    Running,
    Finished,
}
