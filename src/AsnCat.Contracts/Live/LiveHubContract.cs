namespace AsnCat.Contracts.Live;

/// <summary>The public hub's contract (<see cref="Path"/>): three calls, two pushes. Shared by the server and its clients.</summary>
public interface ILiveHub
{
    /// <summary>The session's current board; later changes arrive as <see cref="ILiveClient.Patch"/>.</summary>
    Task<LiveBoard> WatchSession(string sessionCode);

    /// <summary>The venue's current board; later changes arrive as <see cref="ILiveClient.Patch"/>.</summary>
    Task<LiveBoard> WatchVenue(string venue);

    /// <summary>Announcements of new publications from now on arrive as <see cref="ILiveClient.Published"/> (whichever node of the centre published).</summary>
    Task WatchPublications();
}

/// <summary>What the public hub pushes: what changed on a watched board (never whole boards; those come from the watch calls), and new publications.</summary>
public interface ILiveClient
{
    Task Patch(BoardPatch patch);

    /// <summary>A publication has just appeared (to those who called <see cref="ILiveHub.WatchPublications"/>).</summary>
    Task Published(PublicationNotice notice);
}

/// <summary>A new publication: where the public reads it (<see cref="Page"/>, <see cref="Json"/>) and what its rows hash to.</summary>
public sealed record PublicationNotice(int Id, string Kind, string Subject, int Version, string Title, string RowsSha256, DateTimeOffset PublishedAt, string Page, string Json);

public static class LiveHubContract
{
    public const string Path = "/hubs/live";

    /// <summary>Boards one connection may watch.</summary>
    public const int MaxWatches = 4;

    /// <summary>Longest session code or venue name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The SignalR group (and feed key) of a board, built in one place.</summary>
    public static string Group(string kind, string subject) => $"{kind}:{subject}";

    /// <summary>The group of those watching publications.</summary>
    public const string PublicationsGroup = "publikasi";
}
