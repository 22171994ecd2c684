using System.Collections.Concurrent;
using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Exam;

/// <summary>
/// What one exam session needs, compiled once: the item pool, the answer key, the threshold
/// set, and the items' shared display content (without key or weights), content-addressed
/// (docs/protocol.md, "ExamSet"): a login reply names each position's content by hash and the
/// terminal fetches the content once.
/// </summary>
public sealed class ExamMaterial
{
    public required ItemPool Pool { get; init; }

    public required AnswerKey Key { get; init; }

    public required ThresholdSet Thresholds { get; init; }

    public required Blueprint Blueprint { get; init; }

    /// <summary>Per pool item index: its content's hash and, per original option, that option's index in the content.</summary>
    public required IReadOnlyList<(string Hash, byte[] ContentIndexOf)> Items { get; init; }

    /// <summary>Every served body by hash: item contents (JSON) and images.</summary>
    public required IReadOnlyDictionary<string, ContentBody> Contents { get; init; }

    public IReadOnlyList<SubtestView> Subtests()
    {
        var list = new List<SubtestView>();
        var from = 0;
        foreach (var s in Blueprint.Subtests)
        {
            list.Add(new SubtestView(s.Code, s.Name, from, s.Items));
            from += s.Items;
        }
        return list;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<QuestionSet, string> _hashes = new();

    /// <summary>
    /// The candidate's set for a login or re-attach reply: the hash naming it, and its references
    /// (each position's content and its options in the candidate's order) unless the terminal
    /// already holds that set (<paramref name="heldHash"/>). Only the hash is kept per drawn set:
    /// the references (a record and an order per position, about 10 KiB a candidate) are rebuilt
    /// for the reply that carries them rather than held for every logged-in terminal.
    /// </summary>
    public (string Hash, IReadOnlyList<QuestionRef>? Questions) ForTerminal(QuestionSet set, string? heldHash)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (_hashes.TryGetValue(set, out var known) && known == heldHash)
        {
            return (known, null);
        }
        var (hash, questions) = Name(set);
        _hashes.AddOrUpdate(set, hash);
        return (hash, hash == heldHash ? null : questions);
    }

    private (string Hash, QuestionRef[] Questions) Name(QuestionSet set)
    {
        var list = new QuestionRef[set.Count];
        var text = new System.Text.StringBuilder(set.Count * 30);
        for (var p = 0; p < set.Count; p++)
        {
            var (hash, indexOf) = Items[set.ItemAt(p)];
            var order = new int[Options.Count];
            for (var k = 0; k < Options.Count; k++)
            {
                order[k] = indexOf[set.OriginalOption(p, k)];
            }
            list[p] = new QuestionRef(p, hash, order);
            text.Append(hash).Append(':').AppendJoin(',', order).Append(';');
        }
        return (ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(text.ToString())), list);
    }
}

/// <summary>A served body and its media type.</summary>
public sealed record ContentBody(byte[] Bytes, string ContentType);

/// <summary>
/// Loads and caches <see cref="ExamMaterial"/> per content: bank version, blueprint snapshot and
/// threshold set (none of them changes once used), so every session of a day on the same bank
/// shares one copy (with its images, over a megabyte) instead of holding one each for ever.
/// </summary>
public sealed class ExamMaterials(IDbContextFactory<AsnCatDb> dbFactory, RulesCatalog rules)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<MaterialKey>>> _keys = new();
    private readonly ConcurrentDictionary<MaterialKey, Lazy<Task<ExamMaterial>>> _byContent = new();

    public async Task<ExamMaterial> ForSessionAsync(int sessionId, CancellationToken ct = default)
    {
        var key = await _keys.GetOrAdd(sessionId, id => new Lazy<Task<MaterialKey>>(() => KeyAsync(id))).Value.WaitAsync(ct);
        return await _byContent.GetOrAdd(key, k => new Lazy<Task<ExamMaterial>>(() => LoadAsync(k, CancellationToken.None))).Value.WaitAsync(ct);
    }

    private async Task<MaterialKey> KeyAsync(int sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ExamSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new MaterialKey(s.BankVersionId, s.BlueprintSnapshotId, s.ThresholdSetCode)).SingleAsync();
    }

    private async Task<ExamMaterial> LoadAsync(MaterialKey content, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var snapshot = await db.BlueprintSnapshots.AsNoTracking().SingleAsync(b => b.Id == content.BlueprintSnapshotId, ct);
        var bankHash = await db.BankVersions.AsNoTracking().Where(b => b.Id == content.BankVersionId).Select(b => b.Hash).SingleAsync(ct);
        var errors = new List<FileError>();
        var blueprint = RuleFiles.ParseBlueprint($"blueprint snapshot {content.BlueprintSnapshotId}", snapshot.Yaml, errors)
            ?? throw new InvalidOperationException(string.Join("; ", errors));
        var thresholds = rules.Thresholds(content.ThresholdSetCode)
            ?? throw new InvalidOperationException($"ambang batas {content.ThresholdSetCode}: {string.Join("; ", rules.Errors)}");
        var items = await db.BankItems.AsNoTracking().Where(i => i.BankVersionId == content.BankVersionId).ToListAsync(ct);
        var images = await db.BankImages.AsNoTracking().Where(i => i.BankVersionId == content.BankVersionId).ToListAsync(ct);
        var contents = new Dictionary<string, ContentBody>(StringComparer.Ordinal);
        var imageHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var hash = ContentHash.Of(image.Bytes);
            contents[hash] = new ContentBody(image.Bytes, image.ContentType);
            imageHashes[image.Path] = hash;
        }
        var pool = new ItemPool(bankHash, blueprint, items.Select(i =>
        {
            var s = blueprint.SubtestIndex(i.Subtest);
            return new PoolItem(i.ItemId, s, s < 0 ? -1 : blueprint.Subtests[s].SubtopicIndex(i.Subtopic), i.Difficulty);
        }).ToList());
        var key = new AnswerKey(pool, items.ToDictionary(i => i.ItemId, i => new ItemScoring(i.Answer, i.Weights)));
        var byId = items.ToDictionary(i => i.ItemId);
        var refs = pool.Items.Select(p =>
        {
            var c = byId[p.Id].Content;
            var (body, indexOf) = ItemContents.Build(c, path => imageHashes.GetValueOrDefault(path, ""));
            var hash = ContentHash.Of(body);
            contents[hash] = new ContentBody(body, "application/json");
            return (hash, indexOf);
        }).ToList();
        return new ExamMaterial { Pool = pool, Key = key, Thresholds = thresholds, Blueprint = blueprint, Items = refs, Contents = contents };
    }
}

/// <summary>What an exam's material is made of.</summary>
internal readonly record struct MaterialKey(int BankVersionId, int BlueprintSnapshotId, string ThresholdSetCode);
