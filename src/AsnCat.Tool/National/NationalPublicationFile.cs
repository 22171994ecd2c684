using System.Text.Json;
namespace AsnCat.Tool.National;

/// <summary>
/// The national publication (<c>asncat-national/1</c>, <c>docs/national.md</c>): the newest run's
/// ranking of every formation and the venue bundles it rests on (each session's venue, code, the
/// SHA-256 of its accepted bundle and its ledger head), so an auditor holding those bundles can
/// re-derive every rank.
/// </summary>
public sealed record NationalPublicationFile(
    string Format, PublishedSelection Selection, IReadOnlyList<PublishedBundle> Bundles, IReadOnlyList<PublishedFormation> Formations)
{
    public const string FormatName = "asncat-national/1";

    /// <summary>How the file is read: camelCase (System.Text.Json's web defaults, as the API writes it), every field required, nulls only where the shape allows them.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Reads a publication; throws <see cref="JsonException"/> (with the JSON path) when it is not one of this shape.</summary>
    public static NationalPublicationFile Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<NationalPublicationFile>(utf8, Json) ?? throw new JsonException("berkas berisi null, bukan publikasi nasional");
}

/// <param name="Flagged">Candidates with more than one finished attempt (ranked once, on the first).</param>
public sealed record PublishedSelection(int RunId, DateTimeOffset RankedAt, IReadOnlyList<string> ThresholdSets, int Candidates, int Flagged);

/// <param name="Sha256">SHA-256 (lowercase hex) of the bundle's exact bytes as the centre accepted them; null while not accepted.</param>
public sealed record PublishedBundle(string Venue, string Session, string? Sha256, string? LedgerHead);

public sealed record PublishedFormation(
    string Code, int Quota, string Position, string Education, string? ThresholdSet, bool Final, IReadOnlyList<string> Subtests, IReadOnlyList<NationalResultRow> Rows);

/// <param name="Scores">By subtest code (SKD: TWK, TIU, TKP); null when not scored.</param>
/// <param name="FinishedAttempts">The candidate's finished attempts (not absent); above 1 the candidate sat SKD more than once and only the first counted.</param>
/// <param name="FromFormation">For a row placed by optimalisasi: the formation the candidate applied to.</param>
public sealed record NationalResultRow(
    string ParticipantNumber, string Category, int? Rank, IReadOnlyDictionary<string, int>? Scores, int? Total,
    bool Passed, bool Advances, string Outcome, int FinishedAttempts, string? FromFormation);

