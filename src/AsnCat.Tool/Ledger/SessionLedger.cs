using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AsnCat.Tool.Ledger;

/// <summary>The head of a session's ledger and how many records it chains.</summary>
public sealed record LedgerHead(string Head, int Records);

/// <summary>
/// The session ledger: a SHA-256 hash chain over every stored answer event of the session's
/// attempts (in <c>AnswerEvent.Id</c> order, which is commit order), then every attempt's result
/// (in participant-number order, ordinal). It is computed from a <see cref="ResultBundle"/>, so
/// the bundle's contents and the ledger are one thing, and <c>verify</c> recomputes it the same way.
/// <para>
/// <c>Link(0)</c> is 32 zero bytes; <c>Link(n) = SHA-256(Link(n-1) || canonical bytes of record n)</c>,
/// where <c>Link(n-1)</c> is the 32 raw bytes (not hex) and the canonical bytes are the record's
/// fields as netstrings (<see cref="Netstring"/>, the encoding of docs/audit-chain.md). The head is the
/// lowercase hex of the last link (of <c>Link(0)</c> when there are no records).
/// </para>
/// <para>Event record: <c>"event", id, participantNumber, position, option, doubtful, seq, kind, at</c>.
/// Result record: <c>"result", participantNumber, scores, total, passed, endedBy</c>. Every field is
/// the bundle's JSON value written as text (numbers in decimal, booleans <c>true</c>/<c>false</c>,
/// <c>scores</c> as <c>CODE=value</c> pairs joined by <c>;</c> in ordinal code order); a JSON null
/// is the null netstring <c>-,</c>. See docs/result-bundle.md.</para>
/// </summary>
public static class SessionLedger
{
    public const string Algorithm = "asncat-ledger-v1 (sha256, netstring)";

    /// <summary>The link before the first record: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    /// <summary>The ledger of a bundle's candidates: events by id, then results by participant number.</summary>
    public static LedgerHead Compute(IReadOnlyList<BundleCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var links = Links(candidates);
        return new LedgerHead(links.Count == 0 ? Convert.ToHexStringLower(Genesis) : links[^1].Head, links.Count);
    }

    /// <summary>Every link with the record it covers, in chain order (for finding where two ledgers part).</summary>
    public static List<(string Record, string Head)> Links(IReadOnlyList<BundleCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var events = candidates
            .SelectMany((c, i) => (c.Events ?? []).Select(e => (Candidate: i, c.ParticipantNumber, Event: e)))
            .OrderBy(x => x.Event.Id)
            .ToList();
        var results = Enumerable.Range(0, candidates.Count)
            .OrderBy(i => candidates[i].ParticipantNumber, StringComparer.Ordinal)
            .ToList();
        var links = new List<(string, string)>(events.Count + results.Count);
        var previous = Genesis.ToArray();
        foreach (var (i, number, e) in events)
        {
            previous = Link(previous, EventFields(number, e));
            links.Add(($"candidates[{i}] ({number}).events id {e.Id}", Convert.ToHexStringLower(previous)));
        }
        foreach (var i in results)
        {
            var c = candidates[i];
            previous = Link(previous, ResultFields(c));
            links.Add(($"candidates[{i}] ({c.ParticipantNumber}) hasil", Convert.ToHexStringLower(previous)));
        }
        return links;
    }

    public static string?[] EventFields(string participantNumber, BundleEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ["event", Number(e.Id), participantNumber, Number(e.Position), e.Option, Bool(e.Doubtful), Number(e.Seq), e.Kind, e.At];
    }

    public static string?[] ResultFields(BundleCandidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return ["result", c.ParticipantNumber, ScoresText(c.Scores), c.Total is { } t ? Number(t) : null, c.Passed is { } p ? Bool(p) : null, c.EndedBy];
    }

    /// <summary><c>TIU=100;TKP=170;TWK=85</c>: every entry, codes in ordinal order; null when there are no scores.</summary>
    public static string? ScoresText(IReadOnlyDictionary<string, int>? scores) =>
        scores is null ? null : string.Join(';', scores.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "=" + Number(s.Value)));

    /// <summary>SHA-256 of the previous link's 32 bytes followed by the netstrings of the fields.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, IEnumerable<string?> fields)
    {
        if (previous.Length != 32)
        {
            throw new ArgumentException("a link is 32 bytes", nameof(previous));
        }
        var bytes = new List<byte>(256);
        bytes.AddRange(previous);
        bytes.AddRange(Netstring.Encode(fields));
        return SHA256.HashData(bytes.ToArray());
    }

    /// <summary>
    /// The head of a publication over several sessions: lowercase hex SHA-256 of the UTF-8 text made
    /// of one line <c>&lt;sessionCode&gt; &lt;sessionHead&gt;\n</c> per session, sorted by session code (ordinal).
    /// </summary>
    public static string PublicationHead(IEnumerable<(string SessionCode, string Head)> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var text = new StringBuilder();
        foreach (var (code, head) in sessions.OrderBy(s => s.SessionCode, StringComparer.Ordinal))
        {
            text.Append(code).Append(' ').Append(head).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
