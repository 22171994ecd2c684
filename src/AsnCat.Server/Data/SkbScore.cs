namespace AsnCat.Server.Data;

/// <summary>A candidate's SKB (Seleksi Kompetensi Bidang) score, imported from the agency, for the final ranking.</summary>
public sealed class SkbScore
{
    public int Id { get; set; }

    public int CandidateId { get; set; }

    public Candidate? Candidate { get; set; }

    /// <summary>The SKB score 0..100 in thousandths (87.125 is 87125), exact for the weighting.</summary>
    public int ScoreMilli { get; set; }

    /// <summary>The grade point average (IPK) in hundredths (3.45 is 345), the final tie-break after the SKD scores.</summary>
    public int? GpaCenti { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public required string ImportedBy { get; set; }
}
