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
/// set and each item's display form (without key or weights). Keyed by session.
/// </summary>
public sealed class ExamMaterial
{
    public required ItemPool Pool { get; init; }

    public required AnswerKey Key { get; init; }

    public required ThresholdSet Thresholds { get; init; }

    public required Blueprint Blueprint { get; init; }

    /// <summary>Display form per pool item index, options in the bank's order A..E.</summary>
    public required IReadOnlyList<QuestionView> Items { get; init; }

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

    /// <summary>The candidate's questions: items in set order, options in the candidate's order.</summary>
    public IReadOnlyList<QuestionView> Questions(QuestionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var list = new QuestionView[set.Count];
        for (var p = 0; p < set.Count; p++)
        {
            var item = Items[set.ItemAt(p)];
            var options = new OptionView[Options.Count];
            for (var k = 0; k < Options.Count; k++)
            {
                options[k] = item.Options[set.OriginalOption(p, k)];
            }
            list[p] = item with { Position = p, Options = options };
        }
        return list;
    }
}

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
        var images = await db.BankImages.AsNoTracking().Where(i => i.BankVersionId == content.BankVersionId)
            .ToDictionaryAsync(i => i.Path, i => $"data:{i.ContentType};base64,{Convert.ToBase64String(i.Bytes)}", StringComparer.Ordinal, ct);
        var pool = new ItemPool(bankHash, blueprint, items.Select(i =>
        {
            var s = blueprint.SubtestIndex(i.Subtest);
            return new PoolItem(i.ItemId, s, s < 0 ? -1 : blueprint.Subtests[s].SubtopicIndex(i.Subtopic), i.Difficulty);
        }).ToList());
        var key = new AnswerKey(pool, items.ToDictionary(i => i.ItemId, i => new ItemScoring(i.Answer, i.Weights)));
        var byId = items.ToDictionary(i => i.ItemId);
        var views = pool.Items.Select((p, index) =>
        {
            var c = byId[p.Id].Content;
            return new QuestionView(index, blueprint.Subtests[p.Subtest].Code, c.Stem,
                c.Table is null ? null : new TableView(c.Table.Caption, c.Table.Header, c.Table.Rows),
                Image(c.Image),
                c.Options.Select(o => new OptionView(o.Text, Image(o.Image))).ToList());
        }).ToList();
        return new ExamMaterial { Pool = pool, Key = key, Thresholds = thresholds, Blueprint = blueprint, Items = views };

        ImageView? Image(ImageRef? image) =>
            image is null ? null : new ImageView(images.TryGetValue(image.File, out var uri) ? uri : "", image.Alt);
    }
}

/// <summary>What an exam's material is made of.</summary>
internal readonly record struct MaterialKey(int BankVersionId, int BlueprintSnapshotId, string ThresholdSetCode);
