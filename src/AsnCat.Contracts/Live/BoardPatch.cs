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
/// <param name="Rows">Rows added, and changed rows that <see cref="Cells"/> cannot carry (a name, or a value gone back to null), whole.</param>
/// <param name="Removed">Keys of rows no longer on the board.</param>
/// <param name="Sessions">The board's whole session list when any session header changed; null when none did.</param>
/// <param name="Subtests">The score columns when they changed; null when they did not.</param>
/// <param name="Cells">
/// The rest of the changed rows, as only the cells that changed (<see cref="RowCells"/>), each
/// naming its row by its place on the board of <see cref="BaseVersion"/>: while candidates
/// answer, an answer changes three or four cells of a row, and a push of whole rows was four times
/// the size (issue #20). Null or empty: none.
/// </param>
public sealed record BoardPatch(
    string Kind, string Subject, long Version, long BaseVersion, IReadOnlyList<LiveRow> Rows, IReadOnlyList<LiveRowKey> Removed,
    IReadOnlyList<LiveSession>? Sessions, IReadOnlyList<string>? Subtests, DateTimeOffset BuiltAt, IReadOnlyList<RowCells>? Cells = null)
{
    /// <summary>Nothing an observer sees differs.</summary>
    [JsonIgnore]
    public bool IsEmpty => Rows.Count == 0 && Removed.Count == 0 && Sessions is null && Subtests is null && (Cells is null || Cells.Count == 0);
}

/// <summary>
/// The cells of one row that changed (a patch's <c>cells</c>): the row at <see cref="Index"/> on
/// the board the patch applies to, and each changed field's new value; a field that did not
/// change is absent (null). <see cref="Scores"/> holds only the subtests whose score changed.
/// The names on the wire are the row's (<c>s</c>, <c>t</c>, <c>p</c>, <c>a</c>, <c>st</c>,
/// <c>f</c>) and <c>i</c> for the index. A change to null never comes as a cell: that row comes
/// whole in <see cref="BoardPatch.Rows"/>.
/// </summary>
public sealed record RowCells(
    [property: JsonPropertyName("i")] int Index,
    [property: JsonPropertyName("s"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? Scores = null,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null,
    [property: JsonPropertyName("p"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Passed = null,
    [property: JsonPropertyName("a"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Answered = null,
    [property: JsonPropertyName("st"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonPropertyName("f"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Final = null);
