using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
namespace AsnCat.Server.Exam;

/// <summary>
/// The writer's in-memory copy of one attempt: exactly what is committed (it is dropped and
/// reloaded from the database whenever a commit fails). Only the writer's loop touches it.
/// </summary>
public sealed class AttemptRuntime
{
    public required int Id { get; init; }

    public required int SessionId { get; init; }

    public required string ParticipantNumber { get; init; }

    public required string Name { get; init; }

    public required string Category { get; init; }

    /// <summary>The position (jabatan) of the candidate's formation: per-position thresholds (PPPK 2023) read it.</summary>
    public string? Position { get; init; }

    public required int CandidateExtraMinutes { get; init; }

    public required bool LargeFont { get; init; }

    public required bool ScreenReader { get; init; }

    public AttemptState State { get; set; }

    public string? PinHash { get; set; }

    public int FailedPins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? TokenHash { get; set; }

    public int GrantedMinutes { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Set while a proctor has paused this one candidate.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    public string? PauseReason { get; set; }

    /// <summary>The display the terminal last saved, or null.</summary>
    public DisplayView? Display { get; set; }

    public QuestionSet? Set { get; set; }

    /// <summary>Original option (0..4) per position, null when blank.</summary>
    public int?[] Options { get; set; } = [];

    public bool[] Doubtful { get; set; } = [];

    public long[] AnswerSeq { get; set; } = [];

    public long[] DoubtfulSeq { get; set; } = [];

    public ExamResult? Result { get; set; }

    public long LastSeq => Math.Max(AnswerSeq.DefaultIfEmpty().Max(), DoubtfulSeq.DefaultIfEmpty().Max());

    public void SizeFor(int count)
    {
        Options = new int?[count];
        Doubtful = new bool[count];
        AnswerSeq = new long[count];
        DoubtfulSeq = new long[count];
    }
}

public sealed class SessionRuntime
{
    public required int Id { get; init; }

    public required string Code { get; init; }

    public required string Venue { get; init; }

    public required string TimeZone { get; init; }

    public required string Seed { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public SessionState State { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public string? PauseReason { get; set; }
}

/// <summary>
/// What one commit touched: its sessions and the writer's copies of its attempts, as committed.
/// Valid only during <see cref="ExamWriter.Committed"/> (the attempts are the writer's own and
/// change with the next batch): copy what you keep.
/// </summary>
public sealed record CommitNote(IReadOnlyCollection<int> Sessions, IReadOnlyList<AttemptRuntime> Attempts);
