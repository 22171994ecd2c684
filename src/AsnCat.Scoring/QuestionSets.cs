using System.Globalization;
using System.Text;

namespace AsnCat.Scoring;

/// <summary>What set drawing needs to know of an item: its id and where it sits in the blueprint.</summary>
public sealed record PoolItem(string Id, int Subtest, int Subtopic, Difficulty Difficulty);

/// <summary>One blueprint cell that the bank cannot fill.</summary>
public sealed record Shortage(string Subtest, string? Subtopic, Difficulty? Difficulty, int Needed, int Available)
{
    public int Missing => Needed - Available;

    public override string ToString()
    {
        var where = Subtopic is null ? Subtest : $"{Subtest}/{Subtopic}";
        var level = Difficulty is null ? "" : $" tingkat {Difficulty.Value.ToString().ToLowerInvariant()}";
        return $"{where}{level}: butuh {Needed} soal, tersedia {Available} (kurang {Missing})";
    }
}

public sealed class BankShortageException(IReadOnlyList<Shortage> shortages)
    : Exception("Bank soal tidak cukup untuk kisi-kisi: " + string.Join("; ", shortages))
{
    public IReadOnlyList<Shortage> Shortages { get; } = shortages;
}

/// <summary>
/// The candidate's set: the bank items in the order shown and, per item, the order of its
/// options. <c>OptionOrder[5*i + k]</c> is the original option (0 = A) shown in slot k of
/// position i; answers are recorded and scored by original option.
/// </summary>
public sealed class QuestionSet(int[] items, byte[] optionOrder)
{
    public int Count => items.Length;

    public ReadOnlySpan<int> Items => items;

    public ReadOnlySpan<byte> OptionOrder => optionOrder;

    public int ItemAt(int position) => items[position];

    public int OriginalOption(int position, int slot) => optionOrder[(position * Options.Count) + slot];

    /// <summary>The canonical text: <c>TWK-NAS-003:CAEBD</c> per item, space separated.</summary>
    public string ToText(ItemPool pool)
    {
        var sb = new StringBuilder(items.Length * 18);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            sb.Append(pool.Items[items[i]].Id).Append(':');
            for (var k = 0; k < Options.Count; k++)
            {
                sb.Append(Options.Letter(optionOrder[(i * Options.Count) + k]));
            }
        }
        return sb.ToString();
    }
}

/// <summary>
/// A bank's items arranged for one blueprint. Built once per (bank version, blueprint):
/// it fixes how many items of each (subtopic, difficulty) cell every candidate gets, so
/// every set meets the blueprint exactly with the same difficulty profile. Then
/// <see cref="Draw"/> is a pure function of (bank hash, blueprint, session seed,
/// participant number); the algorithm is specified step by step in docs/question-sets.md.
/// </summary>
public sealed class ItemPool
{
    private const int Levels = 3;
    private readonly int[][][] _cells;      // [subtest][subtopic*3+difficulty] -> item indices, sorted by id (ordinal)
    private readonly int[][] _take;         // [subtest][subtopic*3+difficulty] -> items each set takes

    public ItemPool(string bankHash, Blueprint blueprint, IReadOnlyList<PoolItem> items)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        ArgumentNullException.ThrowIfNull(items);
        BankHash = bankHash;
        Blueprint = blueprint;
        var sorted = items.OrderBy(i => i.Id, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Id == sorted[i - 1].Id)
            {
                throw new ArgumentException($"id soal ganda: {sorted[i].Id}", nameof(items));
            }
        }
        Items = sorted;
        _cells = new int[blueprint.Subtests.Count][][];
        _take = new int[blueprint.Subtests.Count][];
        var shortages = new List<Shortage>();
        for (var s = 0; s < blueprint.Subtests.Count; s++)
        {
            var spec = blueprint.Subtests[s];
            var lists = Enumerable.Range(0, spec.Subtopics.Count * Levels).Select(_ => new List<int>()).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                var it = sorted[i];
                if (it.Subtest == s && it.Subtopic >= 0 && it.Subtopic < spec.Subtopics.Count)
                {
                    lists[(it.Subtopic * Levels) + (int)it.Difficulty].Add(i);
                }
            }
            _cells[s] = lists.Select(l => l.ToArray()).ToArray();
            _take[s] = CellAllocation.Allocate(spec, _cells[s].Select(c => c.Length).ToArray(), shortages);
        }
        if (shortages.Count > 0)
        {
            throw new BankShortageException(shortages);
        }
    }

    public string BankHash { get; }

    public Blueprint Blueprint { get; }

    /// <summary>All items, sorted by id (ordinal); sets refer to items by index into this list.</summary>
    public IReadOnlyList<PoolItem> Items { get; }

    /// <summary>Items each set takes from a (subtest, subtopic, difficulty) cell.</summary>
    public int Take(int subtest, int subtopic, Difficulty difficulty) => _take[subtest][(subtopic * Levels) + (int)difficulty];

    /// <summary>Items of a cell in the bank.</summary>
    public int Available(int subtest, int subtopic, Difficulty difficulty) => _cells[subtest][(subtopic * Levels) + (int)difficulty].Length;

    /// <summary>The text the candidate's generator is seeded from (SHA-256 of its UTF-8 bytes).</summary>
    public string SeedText(string sessionSeed, string participantNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"asncat-set-v1|{BankHash}|{Blueprint.Code}|{sessionSeed}|{participantNumber}");

    /// <summary>Draws the candidate's set. Pure: same inputs, same set, on every machine.</summary>
    public QuestionSet Draw(string sessionSeed, string participantNumber)
    {
        var rng = Xoshiro256.FromText(SeedText(sessionSeed, participantNumber));
        var total = Blueprint.TotalItems;
        var items = new int[total];
        var options = new byte[total * Options.Count];
        Span<int> scratch = stackalloc int[64];
        var pos = 0;
        for (var s = 0; s < _cells.Length; s++)
        {
            var start = pos;
            var cells = _cells[s];
            var take = _take[s];
            // 1. per cell, in blueprint subtopic order then mudah, sedang, sulit:
            //    the first k of a partial Fisher-Yates shuffle of the cell (items sorted by id)
            for (var c = 0; c < cells.Length; c++)
            {
                var k = take[c];
                if (k == 0)
                {
                    continue;
                }
                var pool = cells[c];
                var work = pool.Length <= scratch.Length ? scratch[..pool.Length] : new int[pool.Length];
                pool.CopyTo(work);
                for (var j = 0; j < k; j++)
                {
                    var r = j + rng.NextBelow(pool.Length - j);
                    (work[j], work[r]) = (work[r], work[j]);
                    items[pos++] = work[j];
                }
            }
            // 2. shuffle the subtest's items (Fisher-Yates, from the last position down)
            var span = items.AsSpan(start, pos - start);
            for (var j = span.Length - 1; j > 0; j--)
            {
                var r = rng.NextBelow(j + 1);
                (span[j], span[r]) = (span[r], span[j]);
            }
        }
        // 3. per position in final order, shuffle the options A..E the same way
        for (var i = 0; i < total; i++)
        {
            var o = options.AsSpan(i * Options.Count, Options.Count);
            for (var k = 0; k < Options.Count; k++)
            {
                o[k] = (byte)k;
            }
            for (var j = Options.Count - 1; j > 0; j--)
            {
                var r = rng.NextBelow(j + 1);
                (o[j], o[r]) = (o[r], o[j]);
            }
        }
        return new QuestionSet(items, options);
    }

    /// <summary>Parses a set's canonical text back (for audit); throws FormatException on any mismatch.</summary>
    public QuestionSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var items = new int[parts.Length];
        var options = new byte[parts.Length * Options.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var colon = parts[i].LastIndexOf(':');
            if (colon < 0 || parts[i].Length - colon - 1 != Options.Count)
            {
                throw new FormatException($"posisi {i + 1}: '{parts[i]}' bukan <id>:<urutan opsi>");
            }
            var index = IndexOf(parts[i][..colon]);
            if (index < 0)
            {
                throw new FormatException($"posisi {i + 1}: soal '{parts[i][..colon]}' tidak ada di bank");
            }
            items[i] = index;
            var seen = 0;
            for (var k = 0; k < Options.Count; k++)
            {
                var o = Options.Index(parts[i][colon + 1 + k]);
                if (o < 0 || (seen & (1 << o)) != 0)
                {
                    throw new FormatException($"posisi {i + 1}: urutan opsi '{parts[i][(colon + 1)..]}' tidak valid");
                }
                seen |= 1 << o;
                options[(i * Options.Count) + k] = (byte)o;
            }
        }
        return new QuestionSet(items, options);
    }

    public int IndexOf(string itemId)
    {
        int lo = 0, hi = Items.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(Items[mid].Id, itemId);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }
}
