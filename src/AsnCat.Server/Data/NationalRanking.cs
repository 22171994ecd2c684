namespace AsnCat.Server.Data;

/// <summary>
/// One run of the national ranking (<c>National.Ranking.NationalRanker</c>): every formation's
/// ranking from the centre's stored results at <see cref="At"/>. Runs are versions: a run never
/// changes; the newest is what the centre shows and exports.
/// </summary>
public sealed class NationalRankingRun
{
    public int Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string RunBy { get; set; }

    public int Formations { get; set; }

    /// <summary>Formations whose SKD the committee had closed when this run was made: their rows are final.</summary>
    public int FinalFormations { get; set; }

    public int Rows { get; set; }

    /// <summary>Candidates with more than one finished attempt (only the first counted).</summary>
    public int Flagged { get; set; }
}

/// <summary>
/// One candidate's line in a run: the attempt that counted, its scores (blueprint order), and
/// where the candidate stands. <see cref="Rank"/> is null for anyone not ranked.
/// </summary>
public sealed class NationalRankingRow
{
    public int RunId { get; set; }

    public int FormationId { get; set; }

    public int CandidateId { get; set; }

    public required string ParticipantNumber { get; set; }

    /// <summary>The category's code as the threshold set names it (<c>umum</c>, <c>cumlaude</c>).</summary>
    public required string Category { get; set; }

    public int? Rank { get; set; }

    public bool Passed { get; set; }

    public bool Advances { get; set; }

    /// <summary>A <c>StandingOutcomes</c> value: <c>lulus</c>, <c>tidak_lulus</c>, <c>diskualifikasi</c>, <c>tidak_hadir</c>.</summary>
    public required string Outcome { get; set; }

    public int? Total { get; set; }

    /// <summary>Per subtest in the threshold set's blueprint order (SKD: TWK, TIU, TKP); null when not scored.</summary>
    public int[]? Scores { get; set; }

    /// <summary>The session whose attempt counted.</summary>
    public int SessionId { get; set; }

    /// <summary>How many finished attempts (not absent) the candidate has; more than 1 is flagged: sat SKD twice.</summary>
    public int FinishedAttempts { get; set; }

    /// <summary>Whether the formation's SKD was closed by the committee when the run was made.</summary>
    public bool Final { get; set; }

    /// <summary>Set when optimalisasi placed this candidate here: the formation the candidate applied to.</summary>
    public int? FromFormationId { get; set; }
}

/// <summary>
/// The committee closed a formation's SKD: from the next run its ranking is final. Closed with
/// sessions still missing an accepted result only when forced, naming why.
/// </summary>
public sealed class FormationClosure
{
    public int Id { get; set; }

    public int FormationId { get; set; }

    public Formation? Formation { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    public required string ClosedBy { get; set; }

    public bool Forced { get; set; }

    public string? Reason { get; set; }

    /// <summary>The sessions holding the formation's candidates that had no accepted result when it was closed (codes, comma-separated).</summary>
    public string? PendingSessions { get; set; }
}

/// <summary>
/// Optimalisasi: the committee placed a passer who did not advance in their own formation into
/// another formation's unfilled place (same position and qualification, by the rule file
/// <see cref="RuleCode"/>). The next run lists the candidate there, advancing.
/// </summary>
public sealed class OptimalisasiPlacement
{
    public int Id { get; set; }

    /// <summary>The formation whose unfilled place is filled.</summary>
    public int FormationId { get; set; }

    public int CandidateId { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public required string DecidedBy { get; set; }

    public required string RuleCode { get; set; }
}
