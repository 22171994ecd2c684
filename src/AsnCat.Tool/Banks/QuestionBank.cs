using AsnCat.Scoring;

namespace AsnCat.Tool.Banks;

public sealed record ImageRef(string File, string Alt);

public sealed record ItemTable(string? Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>An option as written in the bank: text, an image, or both.</summary>
public sealed record ItemOption(string? Text, ImageRef? Image);

/// <summary>
/// An item as the committee wrote it. <see cref="Answer"/> and <see cref="Weights"/> are the
/// scoring secrets: they stay on the server and never reach a terminal.
/// Image paths are relative to the bank folder ('/'-separated).
/// </summary>
public sealed record BankItem(
    string Id,
    string Subtest,
    string Subtopic,
    Difficulty Difficulty,
    string Stem,
    ItemTable? Table,
    ImageRef? Image,
    IReadOnlyList<ItemOption> Options,
    int? Answer,
    IReadOnlyList<int>? Weights,
    string? Explanation,
    string SourceFile,
    int Line);

/// <summary>A validated bank version: its manifest, items, images and content hash.</summary>
public sealed record QuestionBank(string Code, string Title, string BlueprintCode, string Hash, IReadOnlyList<BankItem> Items, IReadOnlyDictionary<string, byte[]> Images)
{
    /// <summary>The bank arranged for set drawing (throws <see cref="BankShortageException"/>).</summary>
    public ItemPool ToPool(Blueprint blueprint)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        return new ItemPool(Hash, blueprint, Items.Select(i =>
        {
            var s = blueprint.SubtestIndex(i.Subtest);
            return new PoolItem(i.Id, s, s < 0 ? -1 : blueprint.Subtests[s].SubtopicIndex(i.Subtopic), i.Difficulty);
        }).ToList());
    }

    public AnswerKey ToAnswerKey(ItemPool pool) =>
        new(pool, Items.ToDictionary(i => i.Id, i => new ItemScoring(i.Answer, i.Weights)));
}
