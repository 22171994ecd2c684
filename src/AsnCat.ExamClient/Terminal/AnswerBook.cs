using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

public enum ChangeKind
{
    Answer,
    Doubtful,
}

/// <summary>A change the candidate made, numbered by <see cref="Seq"/>, that the server has not acknowledged yet.</summary>
public sealed record PendingChange(long Seq, int Position, ChangeKind Kind, int? Slot, bool Doubtful);

/// <summary>What the candidate sees for one item: the chosen slot, the doubtful mark, and whether a change is unacknowledged.</summary>
public readonly record struct ItemState(int? Slot, bool Doubtful, bool Pending)
{
    public bool Answered => Slot is not null;
}

/// <summary>
/// The answers as the server stored them, with the candidate's unacknowledged changes laid over
/// them: the screen shows a change at once, and the server's word wherever no newer change waits.
/// Changes go out in seq order, one counter per terminal. Not thread-safe: the owner locks.
/// </summary>
public sealed class AnswerBook
{
    private readonly Dictionary<int, AnswerView> stored = [];
    private readonly List<PendingChange> pending = [];
    private long nextSeq = 1;

    /// <summary>Unacknowledged changes, oldest (lowest seq) first.</summary>
    public IReadOnlyList<PendingChange> Pending => pending;

    /// <summary>The next change to send, or null when everything is acknowledged.</summary>
    public PendingChange? Next => pending.Count > 0 ? pending[0] : null;

    public ItemState this[int position]
    {
        get
        {
            stored.TryGetValue(position, out var answer);
            int? slot = answer?.Slot;
            var doubtful = answer?.Doubtful ?? false;
            var waiting = false;
            foreach (var change in pending)
            {
                if (change.Position != position)
                {
                    continue;
                }
                waiting = true;
                if (change.Kind == ChangeKind.Answer)
                {
                    slot = change.Slot;
                }
                else
                {
                    doubtful = change.Doubtful;
                }
            }
            return new ItemState(slot, doubtful, waiting);
        }
    }

    /// <summary>
    /// Takes the server's answers after a re-attach of the same terminal. Unacknowledged changes
    /// keep their seq (the server tells a retry from a new change by it); new changes continue
    /// above both the server's last seq and every pending one.
    /// </summary>
    public void Resume(IEnumerable<AnswerView> answers, long lastSeq)
    {
        Load(answers);
        nextSeq = Math.Max(nextSeq, lastSeq + 1);
        if (pending.Count > 0)
        {
            nextSeq = Math.Max(nextSeq, pending[^1].Seq + 1);
        }
    }

    /// <summary>
    /// Takes the server's answers after a fresh login: the counter starts at
    /// <paramref name="lastSeq"/> + 1 and changes still waiting (same candidate, earlier
    /// terminal session) are numbered again from there, in their order.
    /// </summary>
    public void Restart(IEnumerable<AnswerView> answers, long lastSeq)
    {
        Load(answers);
        nextSeq = lastSeq + 1;
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i] = pending[i] with { Seq = nextSeq++ };
        }
    }

    /// <summary>Puts back changes kept in the browser across a reload.</summary>
    public void Restore(IEnumerable<PendingChange> saved)
    {
        pending.Clear();
        pending.AddRange(saved.OrderBy(change => change.Seq));
    }

    public void Clear()
    {
        stored.Clear();
        pending.Clear();
        nextSeq = 1;
    }

    public PendingChange Answer(int position, int? slot) =>
        Add(new PendingChange(nextSeq, position, ChangeKind.Answer, slot, false));

    public PendingChange MarkDoubtful(int position, bool doubtful) =>
        Add(new PendingChange(nextSeq, position, ChangeKind.Doubtful, null, doubtful));

    /// <summary>
    /// The server answered <paramref name="change"/> (stored it, found it already stored or
    /// outdated, or refused it): it is no longer pending, and <paramref name="current"/>, what the
    /// server holds now, becomes the stored state. Newer pending changes still show over it.
    /// </summary>
    public void Settle(PendingChange change, AnswerView? current)
    {
        ArgumentNullException.ThrowIfNull(change);
        pending.Remove(change);
        if (current is not null)
        {
            stored[current.Position] = current;
        }
    }

    /// <summary>Stored the way it was asked: used when an applied reply carries no <c>Current</c>.</summary>
    public static AnswerView Applied(PendingChange change, AnswerView? before)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = before ?? new AnswerView(change.Position, null, false);
        return change.Kind == ChangeKind.Answer ? now with { Slot = change.Slot } : now with { Doubtful = change.Doubtful };
    }

    public AnswerView? StoredAt(int position) => stored.GetValueOrDefault(position);

    private void Load(IEnumerable<AnswerView> answers)
    {
        stored.Clear();
        foreach (var answer in answers)
        {
            stored[answer.Position] = answer;
        }
    }

    private PendingChange Add(PendingChange change)
    {
        pending.Add(change);
        nextSeq++;
        return change;
    }
}
