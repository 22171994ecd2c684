using System.Text.Json.Serialization;

namespace AsnCat.Contracts.Live;

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
