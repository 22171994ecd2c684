using AsnCat.Scoring;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Analysis;

/// <summary>A bank item as the analysis sees it: where it sits, and its key or weights.</summary>
/// <param name="Subtest">Index into the blueprint's subtests.</param>
/// <param name="Key">The correct original option (0 = A) of a key-scored item.</param>
/// <param name="Weights">Points of options A..E of a weighted item.</param>
/// <param name="Points">Points of choosing A..E, whatever the scoring.</param>
public sealed record AnalysisItem(string Id, int Subtest, string Subtopic, Difficulty Difficulty, int? Key, IReadOnlyList<int>? Weights, IReadOnlyList<int> Points)
{
    /// <summary>The most an answer to this item earns.</summary>
    public int MaxPoints => Points.Max();
}

/// <summary>A candidate taken into the analysis: who, in which session (index into <see cref="AnalysisInput.Sessions"/>), in which category.</summary>
public sealed record AnalysisCandidate(string ParticipantNumber, int Session, string Category);

/// <summary>Why bundles cannot be analysed; the message says what, where and how to fix it.</summary>
public sealed class AnalysisInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The answers of one or more sessions' result bundles on one bank version, laid out flat for the
/// analysis: <see cref="ItemAt"/>[c * <see cref="Positions"/> + p] is the pool index of the item
/// candidate c saw at position p, <see cref="Choice"/>[same] the ORIGINAL option chosen (0 = A) or -1
/// for none. Only candidates with a set and scores who were not disqualified or absent are taken;
/// candidates are ordered by participant number (ordinal), then by the order the bundles were given.
/// </summary>
public sealed class AnalysisInput
{
    private AnalysisInput(Blueprint blueprint, string bankHash, IReadOnlyList<AnalysisItem> items, IReadOnlyList<BundleSession> sessions,
        IReadOnlyList<AnalysisCandidate> candidates, int[] itemAt, sbyte[] choice)
    {
        Blueprint = blueprint;
        BankHash = bankHash;
        Items = items;
        Sessions = sessions;
        Candidates = candidates;
        ItemAt = itemAt;
        Choice = choice;
    }

    public Blueprint Blueprint { get; }

    public string BankHash { get; }

    /// <summary>The bank version's whole pool, sorted by id (ordinal), as in the bundle.</summary>
    public IReadOnlyList<AnalysisItem> Items { get; }

    public IReadOnlyList<BundleSession> Sessions { get; }

    public IReadOnlyList<AnalysisCandidate> Candidates { get; }

    public int Positions => Blueprint.TotalItems;

    public int[] ItemAt { get; }

    public sbyte[] Choice { get; }

    /// <summary>Reads bundle files one after another (only one is held in memory at a time).</summary>
    /// <exception cref="AnalysisInputException">A file cannot be read, has no keys, or is of another bank version.</exception>
    public static AnalysisInput Read(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Build(paths.Select(path =>
        {
            try
            {
                return (path, BundleVerifier.Read(path));
            }
            catch (BundleUnreadableException e)
            {
                throw new AnalysisInputException($"{path}: {e.Message}", e);
            }
        }), paths.Count);
    }

    /// <summary>Bundles already in memory (the console builds them from the database); named by session code in errors.</summary>
    public static AnalysisInput From(IReadOnlyList<ResultBundle> bundles)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        return Build(bundles.Select(b => ("sesi " + b.Session.Code, b)), bundles.Count);
    }

    private static AnalysisInput Build(IEnumerable<(string Name, ResultBundle Bundle)> bundles, int count)
    {
        if (count == 0)
        {
            throw new AnalysisInputException("tidak ada bundel: berikan setidaknya satu <kode sesi>.kunci.json.");
        }
        Blueprint? blueprint = null;
        string? hash = null, blueprintYaml = null, firstName = null;
        AnalysisItem[] items = [];
        Dictionary<string, int> index = [];
        var sessions = new List<BundleSession>();
        var candidates = new List<AnalysisCandidate>();
        var itemAt = new List<int[]>();
        var choice = new List<sbyte[]>();
        foreach (var (name, bundle) in bundles)
        {
            if (!bundle.Bank.KeysIncluded)
            {
                throw new AnalysisInputException($"{name}: bundel tanpa kunci jawaban (bank.keysIncluded false). Analisis butir membutuhkan <kode sesi>.kunci.json yang ditulis saat hasil diumumkan.");
            }
            if (blueprint is null)
            {
                (blueprint, items) = Materials(name, bundle);
                hash = bundle.Bank.Hash;
                blueprintYaml = bundle.Bank.BlueprintYaml;
                firstName = name;
                index = items.Select((it, i) => (it.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            }
            else if (bundle.Bank.Hash != hash || bundle.Bank.BlueprintYaml != blueprintYaml)
            {
                throw new AnalysisInputException($"{name}: bank {Short(bundle.Bank.Hash)} berbeda dari bank {Short(hash!)} di {firstName}. Analisis lintas sesi hanya untuk sesi dengan versi bank yang sama; analisis bundel lain secara terpisah.");
            }
            if (sessions.Any(s => s.Code == bundle.Session.Code))
            {
                throw new AnalysisInputException($"{name}: sesi {bundle.Session.Code} diberikan lebih dari sekali; setiap sesi sekali saja.");
            }
            sessions.Add(bundle.Session);
            Flatten(name, bundle, sessions.Count - 1, blueprint, items, index, candidates, itemAt, choice);
        }
        var l = blueprint!.TotalItems;
        // one order for every tie: participant number (ordinal), then the session's place in the list
        var order = Enumerable.Range(0, candidates.Count)
            .OrderBy(c => candidates[c].ParticipantNumber, StringComparer.Ordinal).ThenBy(c => candidates[c].Session).ToArray();
        var flatItems = new int[candidates.Count * l];
        var flatChoice = new sbyte[candidates.Count * l];
        for (var k = 0; k < order.Length; k++)
        {
            itemAt[order[k]].CopyTo(flatItems, k * l);
            choice[order[k]].CopyTo(flatChoice, k * l);
        }
        return new AnalysisInput(blueprint, hash!, items, sessions, [.. order.Select(c => candidates[c])], flatItems, flatChoice);
    }

    private static (Blueprint, AnalysisItem[]) Materials(string name, ResultBundle bundle)
    {
        BundleMaterials m;
        try
        {
            m = BundleMaterials.Load(bundle);
        }
        catch (BundleUnreadableException e)
        {
            throw new AnalysisInputException($"{name}: {e.Message}", e);
        }
        var byId = bundle.Bank.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var items = new AnalysisItem[m.Pool.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var p = m.Pool.Items[i];
            var b = byId[p.Id];
            var points = Enumerable.Range(0, Options.Count).Select(o => m.Key!.Points(i, o)).ToArray();
            int? key = b.Weights is null && b.Answer is { Length: 1 } a ? Options.Index(a[0]) : null;
            items[i] = new AnalysisItem(p.Id, p.Subtest, b.Subtopic, p.Difficulty, key, b.Weights, points);
        }
        return (m.Blueprint, items);
    }

    /// <summary>The subtest of every position of a set: the blueprint's subtests one after another.</summary>
    internal static int[] SubtestOfPositions(Blueprint blueprint) =>
        [.. blueprint.Subtests.SelectMany((s, i) => Enumerable.Repeat(i, s.Items))];

    private static void Flatten(string name, ResultBundle bundle, int session, Blueprint blueprint, AnalysisItem[] pool, Dictionary<string, int> index,
        List<AnalysisCandidate> candidates, List<int[]> itemAt, List<sbyte[]> choice)
    {
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var l = blueprint.TotalItems;
        var subtestOf = SubtestOfPositions(blueprint);
        for (var k = 0; k < bundle.Candidates.Count; k++)
        {
            var c = bundle.Candidates[k];
            if (c.Set is null || c.Scores is null || Unranked.Is(c.EndedBy))
            {
                continue;
            }
            var where = $"{name}: candidates[{k}] ({c.ParticipantNumber})";
            if (c.Answers.Count != l)
            {
                throw new AnalysisInputException($"{where}: {c.Answers.Count} jawaban, kisi-kisi {blueprint.Code} {l} soal. Bundel rusak; periksa dengan 'verify'.");
            }
            var items = new int[l];
            var chosen = new sbyte[l];
            var set = c.Set.AsSpan();
            var p = 0;
            foreach (var range in set.Split(' '))
            {
                var token = set[range];
                if (token.IsEmpty)
                {
                    continue;
                }
                var colon = token.LastIndexOf(':');
                if (p >= l || colon < 0 || !lookup.TryGetValue(token[..colon], out var item))
                {
                    throw new AnalysisInputException($"{where}.set posisi {p + 1}: '{token}' bukan soal bank ini atau perangkat lebih dari {l} soal. Bundel rusak; periksa dengan 'verify'.");
                }
                if (pool[item].Subtest != subtestOf[p])
                {
                    throw new AnalysisInputException($"{where}.set posisi {p + 1}: soal {pool[item].Id} bukan soal subtes {blueprint.Subtests[subtestOf[p]].Code}. Bundel rusak; periksa dengan 'verify'.");
                }
                items[p] = item;
                chosen[p] = c.Answers[p] switch
                {
                    null => -1,
                    [var letter] when Options.Index(letter) >= 0 => (sbyte)Options.Index(letter),
                    var other => throw new AnalysisInputException($"{where}.answers[{p}]: '{other}' bukan A-E atau null. Bundel rusak; periksa dengan 'verify'."),
                };
                p++;
            }
            if (p != l)
            {
                throw new AnalysisInputException($"{where}.set: {p} soal, kisi-kisi {blueprint.Code} {l}. Bundel rusak; periksa dengan 'verify'.");
            }
            candidates.Add(new AnalysisCandidate(c.ParticipantNumber, session, c.Category));
            itemAt.Add(items);
            choice.Add(chosen);
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
