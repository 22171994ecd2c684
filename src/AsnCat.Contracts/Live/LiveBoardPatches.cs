namespace AsnCat.Contracts.Live;

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
