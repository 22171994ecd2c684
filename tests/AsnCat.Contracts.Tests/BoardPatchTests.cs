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
    public void DiffCarriesOnlyChangedCellsAndRemovedKeys()
    {
        var from = Board(1, [S1], Row("S1", "001"), Row("S1", "002", 10, 3), Row("S1", "003"));
        var to = Board(2, [S1], Row("S1", "001"), Row("S1", "002", 12, 4));

        var patch = LiveBoardPatches.Diff(from, to);

        Assert.Empty(patch.Rows);
        var cells = Assert.Single(patch.Cells!);
        Assert.Equal(1, cells.Index);
        Assert.Equal(new Dictionary<string, int> { ["TWK"] = 12 }, cells.Scores);
        Assert.Equal((12, 4), (cells.Total, cells.Answered));
        Assert.Equal((null, null, (bool?)null), (cells.Passed, cells.State, cells.Final));
        Assert.Equal([new LiveRowKey("S1", "003")], patch.Removed);
        Assert.Null(patch.Sessions);
        Assert.Null(patch.Subtests);
        Assert.Equal(1, patch.BaseVersion);
        Assert.Equal(2, patch.Version);
    }

    [Fact]
    public void ChangedCellsTravelAloneWithTheRowsShortNames()
    {
        var from = Board(1, [S1], Row("S1", "001"), Row("S1", "002", 10, 3));
        var to = Board(2, [S1], Row("S1", "001"), Row("S1", "002", 12, 4));

        var json = JsonSerializer.Serialize(LiveBoardPatches.Diff(from, to).Cells);

        Assert.Equal("""[{"i":1,"s":{"TWK":12},"t":12,"a":4}]""", json);
    }

    [Fact]
    public void ARowWhoseNameChangedOrWhoseValueWentBackToNullComesWhole()
    {
        var renamed = Row("S1", "002", 10, 3) with { Name = "Nama Baru" };
        var reset = Row("S1", "003") with { Answered = 0 };
        var from = Board(1, [S1], Row("S1", "001", 5, 1), Row("S1", "002", 10, 3), Row("S1", "003", 4, 2));
        var to = Board(2, [S1], Row("S1", "001", 6, 2), renamed, reset);

        var patch = LiveBoardPatches.Diff(from, to);

        Assert.Equal(["002", "003"], patch.Rows.Select(r => r.ParticipantNumber));
        Assert.Equal([0], patch.Cells!.Select(c => c.Index));
        var applied = from.Apply(patch);
        Assert.NotNull(applied);
        Assert.All(to.Rows.Zip(applied.Rows), p => Assert.True(p.First.SameAs(p.Second), $"{p.First} != {p.Second}"));
    }

    [Fact]
    public void ACellForARowTheBoardDoesNotHaveIsAGap()
    {
        var board = Board(3, [S1], Row("S1", "001"));
        var patch = new BoardPatch(LiveBoard.VenueKind, "Jakarta", 4, 3, [], [], null, null, Built, [new RowCells(1, Answered: 2)]);

        Assert.Null(board.Apply(patch));
    }

    [Fact]
    public void RandomBoardsRoundTripThroughTheirDiffs()
    {
        var random = new Random(20261207);
        string[] states = [LiveStates.NotStarted, LiveStates.Answering, LiveStates.Finished];
        LiveRow RandomRow(string session, string number)
        {
            var started = random.Next(4) > 0;
            return new LiveRow(session, number, random.Next(10) == 0 ? "Nama " + random.Next(3) : "Peserta " + number,
                started ? new Dictionary<string, int> { ["TWK"] = random.Next(50), ["TIU"] = random.Next(50) } : null,
                started ? random.Next(100) : null, started && random.Next(2) == 0 ? random.Next(2) == 0 : null,
                random.Next(5), 110, states[random.Next(states.Length)], random.Next(8) == 0);
        }
        LiveBoard RandomBoard(long version) => Board(version, [S1, S2],
            [.. Enumerable.Range(0, 40).Where(_ => random.Next(5) > 0)
                .Select(i => RandomRow(i % 2 == 0 ? "S1" : "S2", $"{i:000}"))
                .OrderBy(r => r.Session, StringComparer.Ordinal).ThenBy(r => r.ParticipantNumber, StringComparer.Ordinal)]);

        var board = RandomBoard(1);
        for (var version = 2; version < 300; version++)
        {
            var next = RandomBoard(version);
            var applied = board.Apply(LiveBoardPatches.Diff(board, next));

            Assert.NotNull(applied);
            Assert.Equal(next.Rows.Select(r => r.Key), applied.Rows.Select(r => r.Key));
            Assert.All(next.Rows.Zip(applied.Rows), p => Assert.True(p.First.SameAs(p.Second), $"{p.First} != {p.Second}"));
            board = applied;
        }
    }

    [Fact]
    public void TouchedNamesTheRowsACellOrWholeRowChanges()
    {
        var from = Board(1, [S1], Row("S1", "001"), Row("S1", "002", 10, 3));
        var to = Board(2, [S1], Row("S1", "001"), Row("S1", "002", 12, 4), Row("S1", "003"));

        var patch = LiveBoardPatches.Diff(from, to);

        Assert.Equal([new LiveRowKey("S1", "002"), new LiveRowKey("S1", "003")], from.Touched(patch));
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
