using System.Text.Json.Serialization;

namespace AsnCat.Contracts.Live;

/// <summary>
/// A public score board: one exam session (<see cref="LiveBoard.SessionKind"/>) or every running
/// and today's ended session at one venue (<see cref="LiveBoard.VenueKind"/>). Public by design:
/// names, participant numbers, scores and progress only; never NIK, birth date, category,
/// answers or keys.
/// </summary>
/// <param name="Kind"><c>sesi</c> or <c>lokasi</c>.</param>
/// <param name="Subject">The session code or the venue name.</param>
/// <param name="Subtests">Score columns in blueprint order (e.g. TWK, TIU, TKP).</param>
/// <param name="Version">Increases with every board of this subject this server built; a client keeps the highest.</param>
public sealed record LiveBoard(
    string Kind, string Subject, string Venue, IReadOnlyList<LiveSession> Sessions, IReadOnlyList<string> Subtests,
    IReadOnlyList<LiveRow> Rows, long Version, DateTimeOffset BuiltAt)
{
    public const string SessionKind = "sesi";
    public const string VenueKind = "lokasi";
}

/// <summary>A session on a board, with its state as the public sees it (<c>terjadwal</c>, <c>berlangsung</c>, ...).</summary>
public sealed record LiveSession(string Code, string Venue, string? Room, string TimeZone, string State, DateTimeOffset StartsAt);

/// <summary>
/// One candidate. <see cref="Final"/>: the stored result (the one published); otherwise a
/// provisional score of the answers stored so far. Scores and total are null before the
/// candidate starts. On the wire a row has short property names (a board of 500 rows is sent
/// to every observer): <c>se</c> session, <c>n</c> participant number, <c>nm</c> name,
/// <c>s</c> scores, <c>t</c> total, <c>p</c> passed, <c>a</c> answered, <c>q</c> questions,
/// <c>st</c> state, <c>f</c> final (docs/public-api.md, Live).
/// </summary>
public sealed record LiveRow(
    [property: JsonPropertyName("se")] string Session,
    [property: JsonPropertyName("n")] string ParticipantNumber,
    [property: JsonPropertyName("nm")] string Name,
    [property: JsonPropertyName("s")] IReadOnlyDictionary<string, int>? Scores,
    [property: JsonPropertyName("t")] int? Total,
    [property: JsonPropertyName("p")] bool? Passed,
    [property: JsonPropertyName("a")] int Answered,
    [property: JsonPropertyName("q")] int Questions,
    [property: JsonPropertyName("st")] string State,
    [property: JsonPropertyName("f")] bool Final)
{
    /// <summary>What identifies a row on a board (a candidate in a session): <see cref="BoardPatch.Removed"/> holds these.</summary>
    [JsonIgnore]
    public LiveRowKey Key => new(Session, ParticipantNumber);

    /// <summary>Everything an observer sees is equal (the scores compared by content).</summary>
    public bool SameAs(LiveRow other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Session == other.Session && ParticipantNumber == other.ParticipantNumber && Name == other.Name && Total == other.Total
            && Passed == other.Passed && Answered == other.Answered && Questions == other.Questions && State == other.State
            && Final == other.Final && SameScores(Scores, other.Scores);
    }

    private static bool SameScores(IReadOnlyDictionary<string, int>? a, IReadOnlyDictionary<string, int>? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var v) && v == x.Value);
}

/// <summary>A row's key: session code (<c>se</c>) and participant number (<c>n</c>).</summary>
public sealed record LiveRowKey([property: JsonPropertyName("se")] string Session, [property: JsonPropertyName("n")] string ParticipantNumber);
