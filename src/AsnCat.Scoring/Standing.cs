namespace AsnCat.Scoring;

/// <summary>
/// What a row of the standings says about a candidate, for machines (the status text is for
/// people); also the <c>outcome</c> of a result bundle's ranking rows.
/// </summary>
public static class StandingOutcomes
{
    /// <summary>Met the threshold and was ranked.</summary>
    public const string Passed = "lulus";

    /// <summary>Finished and scored, below the threshold; not ranked.</summary>
    public const string Failed = "tidak_lulus";

    public const string Disqualified = "diskualifikasi";

    public const string Absent = "tidak_hadir";

    /// <summary>Only in a session's results: the candidate's attempt in that session has not finished.</summary>
    public const string NotFinished = "belum_selesai";

    /// <summary>Whether a row with this outcome was scored and took part in the ranking.</summary>
    public static bool Scored(string? outcome) => outcome is Passed or Failed;
}

/// <summary>
/// Who is unranked: a candidate whose attempt ended as disqualified or absent is listed in their
/// formation's standings, never scored or ranked. Everyone else who finished is ranked by
/// <see cref="Ranking.Rank"/>. The one statement of this rule, read by the server's standings
/// and by the bundle verifier.
/// </summary>
public static class Unranked
{
    /// <summary>The end reason of a disqualified candidate's attempt (an attempt's <c>endedBy</c>).</summary>
    public const string Disqualified = "disqualified";

    /// <summary>The end reason of an attempt whose candidate never came.</summary>
    public const string Absent = "absent";

    /// <summary>Whether an attempt that ended this way stays out of the ranking.</summary>
    public static bool Is(string? endedBy) => endedBy is Disqualified or Absent;

    /// <summary>
    /// The standings outcome of a finished attempt: <see cref="StandingOutcomes.Disqualified"/> or
    /// <see cref="StandingOutcomes.Absent"/> when unranked, else passed or failed by <paramref name="passed"/>.
    /// </summary>
    public static string Outcome(string? endedBy, bool passed) => endedBy switch
    {
        Disqualified => StandingOutcomes.Disqualified,
        Absent => StandingOutcomes.Absent,
        _ => passed ? StandingOutcomes.Passed : StandingOutcomes.Failed,
    };
}
