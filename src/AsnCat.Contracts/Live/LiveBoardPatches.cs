namespace AsnCat.Contracts.Live;

/// <summary>Building and applying <see cref="BoardPatch"/>es: the server and every .NET client use the same code.</summary>
public static class LiveBoardPatches
{
    /// <summary>
    /// What changed from <paramref name="from"/> to <paramref name="to"/> (boards of the same
    /// subject): a changed row as its changed cells where it can be (<see cref="BoardPatch.Cells"/>),
    /// otherwise whole, with added rows.
    /// </summary>
    public static BoardPatch Diff(LiveBoard from, LiveBoard to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = new Dictionary<LiveRowKey, int>(from.Rows.Count);
        for (var i = 0; i < from.Rows.Count; i++)
        {
            before[from.Rows[i].Key] = i;
        }
        var whole = new List<LiveRow>();
        var cells = new List<RowCells>();
        foreach (var row in to.Rows)
        {
            if (!before.Remove(row.Key, out var at))
            {
                whole.Add(row);
            }
            else if (!from.Rows[at].SameAs(row))
            {
                if (CellsOf(at, from.Rows[at], row) is { } changed)
                {
                    cells.Add(changed);
                }
                else
                {
                    whole.Add(row);
                }
            }
        }
        var sessions = from.Sessions.SequenceEqual(to.Sessions) ? null : to.Sessions;
        var subtests = from.Subtests.SequenceEqual(to.Subtests, StringComparer.Ordinal) ? null : to.Subtests;
        return new BoardPatch(to.Kind, to.Subject, to.Version, from.Version, whole, [.. before.Keys], sessions, subtests, to.BuiltAt, cells);
    }

    /// <summary>
    /// <paramref name="board"/> with <paramref name="patch"/> applied; null when the patch does not
    /// follow this board (<see cref="BoardPatch.BaseVersion"/> is not its version, or a cell names a
    /// row it does not have): then ignore the patch when its version is not above the board's,
    /// otherwise watch again for the whole board. Cells apply first, to the rows where the base
    /// board has them; rows keep the server's order: by session (in <see cref="LiveBoard.Sessions"/>
    /// order), then participant number.
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
        foreach (var cells in patch.Cells ?? [])
        {
            if ((uint)cells.Index >= (uint)rows.Count)
            {
                return null;
            }
            rows[cells.Index] = With(rows[cells.Index], cells);
        }
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

    /// <summary>The keys of the rows a patch changes or adds (not those it removes), read against the board it applies to.</summary>
    public static IEnumerable<LiveRowKey> Touched(this LiveBoard board, BoardPatch patch)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var cells in patch.Cells ?? [])
        {
            if ((uint)cells.Index < (uint)board.Rows.Count)
            {
                yield return board.Rows[cells.Index].Key;
            }
        }
        foreach (var row in patch.Rows)
        {
            yield return row.Key;
        }
    }

    /// <summary>
    /// The cells that changed from <paramref name="old"/> to <paramref name="now"/> (the same
    /// candidate), or null when the change needs the whole row: a name or question count changed,
    /// a value went back to null, or a subtest's score disappeared.
    /// </summary>
    private static RowCells? CellsOf(int index, LiveRow old, LiveRow now)
    {
        if (old.Name != now.Name || old.Questions != now.Questions
            || (now.Total is null && old.Total is not null) || (now.Passed is null && old.Passed is not null)
            || (now.Scores is null && old.Scores is not null)
            || (old.Scores is not null && old.Scores.Keys.Any(k => !now.Scores!.ContainsKey(k))))
        {
            return null;
        }
        Dictionary<string, int>? scores = null;
        foreach (var (subtest, score) in now.Scores ?? new Dictionary<string, int>())
        {
            if (old.Scores is null || !old.Scores.TryGetValue(subtest, out var was) || was != score)
            {
                (scores ??= new Dictionary<string, int>(StringComparer.Ordinal))[subtest] = score;
            }
        }
        return new RowCells(
            index, scores,
            old.Total == now.Total ? null : now.Total,
            old.Passed == now.Passed ? null : now.Passed,
            old.Answered == now.Answered ? null : now.Answered,
            old.State == now.State ? null : now.State,
            old.Final == now.Final ? null : now.Final);
    }

    /// <summary><paramref name="row"/> with the changed cells taken.</summary>
    private static LiveRow With(LiveRow row, RowCells cells)
    {
        var scores = row.Scores;
        if (cells.Scores is { Count: > 0 })
        {
            var merged = row.Scores is null ? new Dictionary<string, int>(StringComparer.Ordinal) : new Dictionary<string, int>(row.Scores, StringComparer.Ordinal);
            foreach (var (subtest, score) in cells.Scores)
            {
                merged[subtest] = score;
            }
            scores = merged;
        }
        return row with
        {
            Scores = scores,
            Total = cells.Total ?? row.Total,
            Passed = cells.Passed ?? row.Passed,
            Answered = cells.Answered ?? row.Answered,
            State = cells.State ?? row.State,
            Final = cells.Final ?? row.Final,
        };
    }
}
