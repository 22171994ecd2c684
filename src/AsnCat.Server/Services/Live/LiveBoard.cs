namespace AsnCat.Server.Services.Live;

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
/// candidate starts.
/// </summary>
public sealed record LiveRow(
    string Session, string ParticipantNumber, string Name, IReadOnlyDictionary<string, int>? Scores, int? Total, bool? Passed,
    int Answered, int Questions, string State, bool Final);

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
    /// <summary>The session's current board; later boards arrive as <see cref="ILiveClient.Board"/>.</summary>
    Task<LiveBoard> WatchSession(string sessionCode);

    /// <summary>The venue's current board; later boards arrive as <see cref="ILiveClient.Board"/>.</summary>
    Task<LiveBoard> WatchVenue(string venue);
}

/// <summary>What the public hub pushes.</summary>
public interface ILiveClient
{
    Task Board(LiveBoard board);
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
