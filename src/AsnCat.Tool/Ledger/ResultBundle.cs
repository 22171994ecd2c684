using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
namespace AsnCat.Tool.Ledger;

/// <summary>
/// Everything an observer needs to re-derive a session's results: the session and its seed, the
/// bank's item pool and blueprint, the threshold file, every candidate's set, answers, answer
/// events and result, the rankings of their formations, and the ledger head. Format
/// <see cref="FormatName"/>, specified field by field in docs/result-bundle.md. Answer keys and
/// TKP weights are only in the committee's second version (<see cref="BundleBank.KeysIncluded"/>).
/// Never NIK or birth date.
/// </summary>
public sealed record ResultBundle(
    string Format,
    BundleSession Session,
    BundleBank Bank,
    BundleThresholds Thresholds,
    IReadOnlyList<BundleCandidate> Candidates,
    IReadOnlyList<BundleRanking> Rankings,
    BundleLedger Ledger)
{
    public const string FormatName = "asncat-bundle/1";

    /// <summary>How bundles are written and read: camelCase, indented, UTF-8 without BOM, <c>\n</c> line ends.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NewLine = "\n",
    };

    /// <summary>Times in a bundle: UTC, always seven fractional digits, e.g. <c>2026-11-23T01:00:00.0000000Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a bundle; throws <see cref="JsonException"/> (with the JSON path) when it is not one.</summary>
    public static ResultBundle Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<ResultBundle>(utf8, Json) ?? throw new JsonException("berkas berisi null, bukan bundel");

    /// <summary>File name of a session's bundle: <c>&lt;code&gt;.json</c>, or <c>&lt;code&gt;.kunci.json</c> with keys.</summary>
    public static string FileName(string sessionCode, bool includeKeys) => sessionCode + (includeKeys ? ".kunci.json" : ".json");
}

public sealed record BundleSession(string Code, string Venue, string? Room, string TimeZone, string? StartedAt, string? EndedAt, string Seed);

/// <summary>The bank version and blueprint the sets were drawn from; <see cref="Items"/> is the whole pool.</summary>
public sealed record BundleBank(string Hash, string BlueprintCode, string BlueprintYaml, bool KeysIncluded, IReadOnlyList<BundleItem> Items);

/// <summary>
/// One pool item: its id, subtest code, subtopic code and difficulty (<c>mudah</c>, <c>sedang</c>,
/// <c>sulit</c>). With keys: <see cref="Answer"/> (key subtests, letter A-E) or <see cref="Weights"/>
/// (weighted subtests, points of options A..E).
/// </summary>
public sealed record BundleItem(
    string Id,
    string Subtest,
    string Subtopic,
    string Difficulty,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Answer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Weights = null);

/// <summary>The threshold set the session ran under: its code and the exact text of its YAML file.</summary>
public sealed record BundleThresholds(string Code, string Yaml);

/// <summary>A candidate's formation: code, quota and position (jabatan; per-position thresholds read it).</summary>
public sealed record BundleFormation(string Code, int Quota, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Position = null);

/// <summary>
/// One candidate of the session. <see cref="Set"/> is the canonical set text (null when never
/// drawn: absent); <see cref="Answers"/>[position] the final original option (A-E) or null;
/// <see cref="Events"/> every stored answer event in id order.
/// </summary>
public sealed record BundleCandidate(
    string ParticipantNumber,
    string Name,
    string Category,
    BundleFormation Formation,
    int? Seat,
    string? Set,
    IReadOnlyList<string?> Answers,
    IReadOnlyList<BundleEvent> Events,
    IReadOnlyDictionary<string, int>? Scores,
    int? Total,
    bool? Passed,
    string? EndedBy);

/// <summary>One stored answer change: <see cref="Kind"/> <c>answer</c> (sets <see cref="Option"/>) or <c>doubtful</c>.</summary>
public sealed record BundleEvent(long Id, int Position, string? Option, bool Doubtful, long Seq, string Kind, string At);

/// <summary>A formation's standings as the results pages show them when the bundle was written (all its sessions).</summary>
public sealed record BundleRanking(string Formation, int Quota, string? ThresholdSet, int AdvanceLimit, IReadOnlyList<BundleRankingRow> Rows);

/// <summary>
/// A row of a ranking. <see cref="Outcome"/> is <c>lulus</c>, <c>tidak_lulus</c>,
/// <c>diskualifikasi</c> or <c>tidak_hadir</c>; only the first two carry scores and take part in
/// the ranking; <see cref="Rank"/> is set for passers only.
/// </summary>
public sealed record BundleRankingRow(
    string ParticipantNumber,
    string Category,
    IReadOnlyDictionary<string, int>? Scores,
    int? Total,
    int? Rank,
    bool Passed,
    bool Advances,
    string Outcome);

public sealed record BundleLedger(string Algorithm, int Records, string Head);
