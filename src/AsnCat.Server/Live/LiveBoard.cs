using System.Text.Json.Serialization;

namespace AsnCat.Server.Live;

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

/// <summary>
/// What changed on a board since the board of version <see cref="BaseVersion"/>: the hub pushes
/// these (<see cref="ILiveClient.Patch"/>), never whole boards. A client holding version
/// <see cref="BaseVersion"/> applies it (<see cref="LiveBoardPatches.Apply"/>) and holds
/// <see cref="Version"/>; a patch whose <see cref="Version"/> is not above the client's is old
/// (ignore it); any other patch means the client missed one: it calls <c>WatchSession</c> /
/// <c>WatchVenue</c> again for the whole board.
/// </summary>
/// <param name="Rows">Rows changed or added (whole rows).</param>
/// <param name="Removed">Keys of rows no longer on the board.</param>
/// <param name="Sessions">The board's whole session list when any session header changed; null when none did.</param>
/// <param name="Subtests">The score columns when they changed; null when they did not.</param>
public sealed record BoardPatch(
    string Kind, string Subject, long Version, long BaseVersion, IReadOnlyList<LiveRow> Rows, IReadOnlyList<LiveRowKey> Removed,
    IReadOnlyList<LiveSession>? Sessions, IReadOnlyList<string>? Subtests, DateTimeOffset BuiltAt)
{
    /// <summary>Nothing an observer sees differs.</summary>
    [JsonIgnore]
    public bool IsEmpty => Rows.Count == 0 && Removed.Count == 0 && Sessions is null && Subtests is null;
}

/// <summary>Building and applying <see cref="BoardPatch"/>es: the server and every .NET client use the same code.</summary>
public static class LiveBoardPatches
{
    /// <summary>What changed from <paramref name="from"/> to <paramref name="to"/> (boards of the same subject).</summary>
    public static BoardPatch Diff(LiveBoard from, LiveBoard to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = new Dictionary<LiveRowKey, LiveRow>(from.Rows.Count);
        foreach (var row in from.Rows)
        {
            before[row.Key] = row;
        }
        var changed = new List<LiveRow>();
        foreach (var row in to.Rows)
        {
            if (!before.Remove(row.Key, out var old) || !old.SameAs(row))
            {
                changed.Add(row);
            }
        }
        var sessions = from.Sessions.SequenceEqual(to.Sessions) ? null : to.Sessions;
        var subtests = from.Subtests.SequenceEqual(to.Subtests, StringComparer.Ordinal) ? null : to.Subtests;
        return new BoardPatch(to.Kind, to.Subject, to.Version, from.Version, changed, [.. before.Keys], sessions, subtests, to.BuiltAt);
    }

    /// <summary>
    /// <paramref name="board"/> with <paramref name="patch"/> applied; null when the patch does not
    /// follow this board (<see cref="BoardPatch.BaseVersion"/> is not its version): then ignore
    /// the patch when its version is not above the board's, otherwise watch again for the whole board.
    /// Rows keep the server's order: by session (in <see cref="LiveBoard.Sessions"/> order), then participant number.
    /// </summary>
    public static LiveBoard? Apply(this LiveBoard board, BoardPatch patch)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.BaseVersion != board.Version || patch.Kind != board.Kind || patch.Subject != board.Subject)
        {
            return null;
        }
        var sessions = patch.Sessions ?? board.Sessions;
        var rows = board.Rows.ToList();
        var index = new Dictionary<LiveRowKey, int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            index[rows[i].Key] = i;
        }
        var reorder = patch.Removed.Count > 0 || patch.Sessions is not null;
        foreach (var row in patch.Rows)
        {
            if (index.TryGetValue(row.Key, out var at))
            {
                rows[at] = row;
            }
            else
            {
                rows.Add(row);
                reorder = true;
            }
        }
        if (reorder)
        {
            var removed = patch.Removed.ToHashSet();
            var order = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < sessions.Count; i++)
            {
                order.TryAdd(sessions[i].Code, i);
            }
            rows = [.. rows.Where(r => !removed.Contains(r.Key))
                .OrderBy(r => order.GetValueOrDefault(r.Session, int.MaxValue))
                .ThenBy(r => r.ParticipantNumber, StringComparer.Ordinal)];
        }
        return board with { Sessions = sessions, Subtests = patch.Subtests ?? board.Subtests, Rows = rows, Version = patch.Version, BuiltAt = patch.BuiltAt };
    }
}

/// <summary>A candidate's state on a public board.</summary>
public static class LiveStates
{
    public const string NotStarted = "belum_mulai";
    public const string Answering = "mengerjakan";
    public const string Finished = "selesai";
    public const string Disqualified = "diskualifikasi";
    public const string Absent = "tidak_hadir";

    public static string Label(string state) => state switch
    {
        NotStarted => "belum mulai",
        Answering => "mengerjakan",
        Finished => "selesai",
        Disqualified => "diskualifikasi",
        Absent => "tidak hadir",
        _ => state,
    };
}

/// <summary>The public hub's contract (<see cref="Path"/>): two calls, one push. Shared by the server and its clients.</summary>
public interface ILiveHub
{
    /// <summary>The session's current board; later changes arrive as <see cref="ILiveClient.Patch"/>.</summary>
    Task<LiveBoard> WatchSession(string sessionCode);

    /// <summary>The venue's current board; later changes arrive as <see cref="ILiveClient.Patch"/>.</summary>
    Task<LiveBoard> WatchVenue(string venue);
}

/// <summary>What the public hub pushes: what changed on a watched board (never whole boards; those come from the watch calls).</summary>
public interface ILiveClient
{
    Task Patch(BoardPatch patch);
}

public static class LiveHubContract
{
    public const string Path = "/hubs/live";

    /// <summary>Boards one connection may watch.</summary>
    public const int MaxWatches = 4;

    /// <summary>Longest session code or venue name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The SignalR group (and feed key) of a board, built in one place.</summary>
    public static string Group(string kind, string subject) => $"{kind}:{subject}";
}
