namespace AsnCat.Contracts.Live;

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
