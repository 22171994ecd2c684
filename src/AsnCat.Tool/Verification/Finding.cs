namespace AsnCat.Tool.Verification;

/// <summary>The checks <see cref="BundleVerifier"/> runs on a bundle, in the order it runs them.</summary>
public enum CheckKind
{
    /// <summary>Every drawn set equals the set derived from the seed and the bank.</summary>
    Sets,

    /// <summary>Replaying the answer events gives the final answers.</summary>
    Replay,

    /// <summary>Totals are the sums of the subtest scores; passing follows the threshold set.</summary>
    Totals,

    /// <summary>With keys: the subtest scores, totals and passing re-derived from the answers.</summary>
    Rescore,

    /// <summary>Each formation's ranking re-ranked from its rows.</summary>
    Rankings,

    /// <summary>Every candidate appears in their formation's ranking with the same scores and outcome.</summary>
    RankingRows,

    /// <summary>The ledger recomputed from the bundle's events and results.</summary>
    Ledger,
}

/// <summary>What is wrong at a <see cref="Place"/> of a bundle.</summary>
public enum FindingKind
{
    /// <summary>No set, yet answer events (<see cref="Finding.Actual"/>: how many).</summary>
    EventsWithoutSet,

    /// <summary>The set differs from the derived one at <see cref="Place.Position"/> (first of <see cref="Finding.Count"/> positions).</summary>
    SetDiffers,

    /// <summary>An event id used twice.</summary>
    EventIdReused,

    /// <summary>An event id not above the previous event's (<see cref="Finding.Expected"/>: that previous id).</summary>
    EventIdNotIncreasing,

    /// <summary>An event's position outside the set (<see cref="Finding.Expected"/>: the set's last position).</summary>
    EventPositionOutsideSet,

    /// <summary>An event's option not A-E.</summary>
    EventOptionInvalid,

    /// <summary>An event's kind neither answer nor doubtful.</summary>
    EventKindUnknown,

    /// <summary>Answers for a different number of positions than the set has.</summary>
    AnswerCountDiffers,

    /// <summary>The final answer differs from the replay of the events.</summary>
    AnswerDiffers,

    /// <summary>No scores although the attempt did not end unranked (<see cref="Finding.Actual"/>: how it ended).</summary>
    ScoresMissing,

    /// <summary>A blueprint subtest without a score (<see cref="Finding.Expected"/>: its code).</summary>
    SubtestScoreMissing,

    /// <summary>Scores for codes that are not blueprint subtests (<see cref="Finding.Actual"/>: the codes).</summary>
    ScoreNotASubtest,

    /// <summary>The total differs from the sum of the subtest scores.</summary>
    TotalDiffers,

    /// <summary>A category the threshold set does not know.</summary>
    CategoryUnknown,

    /// <summary>The candidate's category has a per-position threshold, and the formation's position is not in the set's table.</summary>
    PositionUnknown,

    /// <summary>Passing differs from the threshold set's verdict (<see cref="Finding.Detail"/>: that verdict in full).</summary>
    PassedDiffers,

    /// <summary>The set text cannot be read against the pool (<see cref="Finding.Detail"/>: why).</summary>
    SetUnreadable,

    /// <summary>Set, answers and blueprint disagree on the number of items.</summary>
    SetSizeDiffers,

    /// <summary>A subtest score re-derived from the answers differs (<see cref="Place.Field"/>: <c>scores.CODE</c>).</summary>
    RescoredScoreDiffers,

    /// <summary>The total re-derived from the answers differs.</summary>
    RescoredTotalDiffers,

    /// <summary>Passing re-derived from the answers differs.</summary>
    RescoredPassedDiffers,

    /// <summary>A ranking under another threshold set than the bundle's, so it cannot be re-ranked.</summary>
    RankingThresholdSetDiffers,

    /// <summary>The advance limit differs from the multiple times the quota (<see cref="Finding.Detail"/>: the multiple).</summary>
    AdvanceLimitDiffers,

    /// <summary>A scored ranking row that cannot be ranked (<see cref="Finding.Detail"/>: unknown category or incomplete scores).</summary>
    RowUnrankable,

    /// <summary>A ranking row's total differs from the sum of its scores.</summary>
    RowTotalDiffers,

    /// <summary>The scoring library refused to rank the formation (<see cref="Finding.Detail"/>: why).</summary>
    RankingFailed,

    /// <summary>A row's rank differs from the re-ranking.</summary>
    RankDiffers,

    /// <summary>A row's passing or outcome differs from the re-ranking.</summary>
    RowPassedDiffers,

    /// <summary>A row's advancing to SKB differs from the re-ranking.</summary>
    AdvancesDiffers,

    /// <summary>The candidate's formation has no ranking.</summary>
    FormationNotRanked,

    /// <summary>The candidate is not among their formation's ranking rows.</summary>
    CandidateNotRanked,

    /// <summary>The row's outcome differs from the candidate's result (<see cref="AsnCat.Scoring.Unranked.Outcome"/>).</summary>
    OutcomeDiffers,

    /// <summary>The candidate's formation quota differs from the ranking's.</summary>
    QuotaDiffers,

    /// <summary>The candidate's scores or total differ from the ranking row's.</summary>
    RowScoresDiffer,

    /// <summary>The number of ledger records differs from the recomputed one.</summary>
    LedgerRecordsDiffer,

    /// <summary>The ledger head differs from the recomputed one.</summary>
    LedgerHeadDiffers,
}

/// <summary>
/// Where in a bundle a finding is: a candidate (index into <c>candidates</c> and participant number),
/// a ranking row (index into <c>rankings</c>, formation, row), a position of a set or of the answers,
/// an answer event, and the field (<c>set</c>, <c>answers</c>, <c>scores.TWK</c>, <c>total</c>, ...).
/// </summary>
public sealed record Place
{
    public int? Candidate { get; init; }

    public string? ParticipantNumber { get; init; }

    public int? Ranking { get; init; }

    public string? Formation { get; init; }

    public int? Row { get; init; }

    public int? Position { get; init; }

    public int? Event { get; init; }

    public string? Field { get; init; }
}

/// <summary>
/// One mismatch: what kind, where, and the values as the bundle's JSON spells them (numbers in
/// decimal, booleans <c>true</c>/<c>false</c>, null for absent): <see cref="Expected"/> is what the
/// verifier derived, <see cref="Actual"/> what the bundle states.
/// </summary>
public sealed record Finding(FindingKind Kind, Place Place, string? Expected = null, string? Actual = null)
{
    /// <summary>A further fact the finding needs (a threshold verdict, an error message, a multiple).</summary>
    public string? Detail { get; init; }

    /// <summary>For <see cref="FindingKind.SetDiffers"/>: how many positions differ in all.</summary>
    public int Count { get; init; } = 1;
}

/// <summary>
/// One check's outcome: its findings, or skipped (a bundle without keys cannot be rescored), and
/// <see cref="Covered"/>: how many things it went over (sets, events, candidates, rows, records).
/// </summary>
public sealed record CheckResult(CheckKind Kind, int Covered, IReadOnlyList<Finding> Findings, bool Skipped = false)
{
    public bool Failed => Findings.Count > 0;
}
