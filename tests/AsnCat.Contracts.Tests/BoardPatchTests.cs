using System.Text.Json;
using AsnCat.Contracts.Live;

namespace AsnCat.Contracts.Tests;

/// <summary>
/// The server diffs boards into patches and every client applies them with the same code:
/// applying the diff of two boards to the first gives the second, in the server's row order.
/// </summary>
public sealed class BoardPatchTests
{
    private static readonly DateTimeOffset Built = new(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly LiveSession S1 = new("S1", "Jakarta", "R1", "Asia/Jakarta", "berlangsung", Built);
    private static readonly LiveSession S2 = new("S2", "Jakarta", "R2", "Asia/Jakarta", "berlangsung", Built);

    private static LiveRow Row(string session, string number, int? total = null, int answered = 0) => new(
        session, number, "Peserta " + number,
        total is null ? null : new Dictionary<string, int> { ["TWK"] = total.Value }, total, null,
        answered, 110, total is null ? LiveStates.NotStarted : LiveStates.Answering, false);

    private static LiveBoard Board(long version, IReadOnlyList<LiveSession> sessions, params LiveRow[] rows) =>
        new(LiveBoard.VenueKind, "Jakarta", "Jakarta", sessions, ["TWK"], rows, version, Built.AddSeconds(version));

    [Fact]
    public void ApplyingTheDiffOfTwoBoardsGivesTheSecond()
    {
        var from = Board(1, [S1, S2], Row("S1", "001"), Row("S1", "002", 10, 3), Row("S2", "003"));
        var to = Board(2, [S1, S2], Row("S1", "001", 5, 1), Row("S2", "003"), Row("S2", "004"));

        var patch = LiveBoardPatches.Diff(from, to);
        var applied = from.Apply(patch);

        Assert.NotNull(applied);
        Assert.Equal(2, applied.Version);
        Assert.Equal(to.BuiltAt, applied.BuiltAt);
        Assert.Equal(to.Rows.Select(r => r.Key), applied.Rows.Select(r => r.Key));
        Assert.All(to.Rows.Zip(applied.Rows), p => Assert.True(p.First.SameAs(p.Second), $"{p.First} != {p.Second}"));
    }

    [Fact]
    public void DiffCarriesOnlyChangedRowsAndRemovedKeys()
    {
        var from = Board(1, [S1], Row("S1", "001"), Row("S1", "002", 10, 3), Row("S1", "003"));
        var to = Board(2, [S1], Row("S1", "001"), Row("S1", "002", 12, 4));

        var patch = LiveBoardPatches.Diff(from, to);

        Assert.Equal(["002"], patch.Rows.Select(r => r.ParticipantNumber));
        Assert.Equal([new LiveRowKey("S1", "003")], patch.Removed);
        Assert.Null(patch.Sessions);
        Assert.Null(patch.Subtests);
        Assert.Equal(1, patch.BaseVersion);
        Assert.Equal(2, patch.Version);
    }

    [Fact]
    public void DiffOfEqualBoardsIsEmpty()
    {
        var from = Board(1, [S1], Row("S1", "001", 3, 2));
        var to = Board(2, [S1], Row("S1", "001", 3, 2));

        Assert.True(LiveBoardPatches.Diff(from, to).IsEmpty);
    }

    [Fact]
    public void AddedRowsTakeTheServersOrderBySessionThenNumber()
    {
        var from = Board(1, [S1, S2], Row("S1", "002"), Row("S2", "001"));
        var patch = new BoardPatch(LiveBoard.VenueKind, "Jakarta", 2, 1, [Row("S2", "000"), Row("S1", "001")], [], null, null, Built);

        var applied = from.Apply(patch);

        Assert.NotNull(applied);
        Assert.Equal(
            [new LiveRowKey("S1", "001"), new LiveRowKey("S1", "002"), new LiveRowKey("S2", "000"), new LiveRowKey("S2", "001")],
            applied.Rows.Select(r => r.Key));
    }

    [Fact]
    public void ChangedSessionOrderReordersTheRows()
    {
        var from = Board(1, [S1, S2], Row("S1", "001"), Row("S2", "002"));
        var to = Board(2, [S2, S1], Row("S2", "002"), Row("S1", "001"));

        var patch = LiveBoardPatches.Diff(from, to);
        var applied = from.Apply(patch);

        Assert.NotNull(patch.Sessions);
        Assert.NotNull(applied);
        Assert.Equal(["S2", "S1"], applied.Sessions.Select(s => s.Code));
        Assert.Equal(["002", "001"], applied.Rows.Select(r => r.ParticipantNumber));
    }

    [Fact]
    public void APatchThatDoesNotFollowTheBoardIsNotApplied()
    {
        var board = Board(3, [S1], Row("S1", "001"));
        var skipped = new BoardPatch(LiveBoard.VenueKind, "Jakarta", 5, 4, [Row("S1", "001", 1, 1)], [], null, null, Built);
        var otherSubject = new BoardPatch(LiveBoard.VenueKind, "Bandung", 4, 3, [], [], null, null, Built);
        var otherKind = new BoardPatch(LiveBoard.SessionKind, "Jakarta", 4, 3, [], [], null, null, Built);

        Assert.Null(board.Apply(skipped));
        Assert.Null(board.Apply(otherSubject));
        Assert.Null(board.Apply(otherKind));
    }

    [Fact]
    public void RowsWithEqualScoresInDifferentDictionariesAreTheSame()
    {
        var a = Row("S1", "001", 7, 2);
        var b = a with { Scores = new Dictionary<string, int> { ["TWK"] = 7 } };
        var c = a with { Scores = new Dictionary<string, int> { ["TWK"] = 8 } };
        var d = a with { Scores = null };

        Assert.True(a.SameAs(b));
        Assert.False(a.SameAs(c));
        Assert.False(a.SameAs(d));
        Assert.True(d.SameAs(d with { }));
    }

    [Fact]
    public void ARowTravelsWithItsShortWireNamesAndWithoutItsKey()
    {
        var json = JsonSerializer.Serialize(Row("S1", "001", 7, 2));

        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["se", "n", "nm", "s", "t", "p", "a", "q", "st", "f"], names);

        var back = JsonSerializer.Deserialize<LiveRow>(json);
        Assert.NotNull(back);
        Assert.True(back.SameAs(Row("S1", "001", 7, 2)));
    }
}
