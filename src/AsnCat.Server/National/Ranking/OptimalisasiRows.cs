using AsnCat.Server.Data;
namespace AsnCat.Server.National.Ranking;

/// <summary>How an optimalisasi placement appears in a run: the candidate's own row, copied into the formation filled.</summary>
internal static class OptimalisasiRows
{
    /// <summary>The outcome of a row placed by optimalisasi (not one of the session outcomes: it is a committee decision).</summary>
    public const string Outcome = "optimalisasi";

    public static NationalRankingRow Placed(NationalRankingRow own, int formationId, bool final) => new()
    {
        FormationId = formationId,
        CandidateId = own.CandidateId,
        ParticipantNumber = own.ParticipantNumber,
        Category = own.Category,
        Rank = null,
        Passed = own.Passed,
        Advances = true,
        Outcome = Outcome,
        Total = own.Total,
        Scores = own.Scores,
        SessionId = own.SessionId,
        FinishedAttempts = own.FinishedAttempts,
        Final = final,
        FromFormationId = own.FormationId,
    };
}
