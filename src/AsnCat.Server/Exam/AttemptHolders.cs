using System.Collections.Concurrent;
namespace AsnCat.Server.Exam;

/// <summary>
/// Which connection writes each attempt: one at a time (docs/protocol.md, "One writing connection
/// per attempt"). Set after the commit of a successful login or re-attach (before the writer takes
/// its next batch, so no later call can miss it); a connection's entry goes when it closes or a
/// proctor releases the terminal. Kept in memory: a restart closes every connection anyway.
/// </summary>
public sealed class AttemptHolders
{
    private readonly ConcurrentDictionary<int, string> _holders = new();

    public string? Holder(int attemptId) => _holders.GetValueOrDefault(attemptId);

    public bool Holds(int attemptId, string connectionId) =>
        _holders.TryGetValue(attemptId, out var holder) && holder == connectionId;

    public void Take(int attemptId, string connectionId) => _holders[attemptId] = connectionId;

    /// <summary>The connection closed: it holds nothing any more (unless another took over meanwhile).</summary>
    public void Left(int attemptId, string connectionId) => _holders.TryRemove(new KeyValuePair<int, string>(attemptId, connectionId));

    /// <summary>A proctor released the terminal: nobody holds the attempt until the next login.</summary>
    public void Forget(int attemptId) => _holders.TryRemove(attemptId, out _);
}
