using AsnCat.Scoring;

namespace AsnCat.Tool.Banks.Interchange;

/// <summary>An image as a source carries it: a file name (no folders), its bytes and its alt text.</summary>
public sealed record DraftImage(string Name, byte[] Bytes, string Alt);

public sealed record DraftOption(string? Text, DraftImage? Image);

/// <summary>
/// How a source scores an item, before the bank's blueprint says what it needs: the keyed option
/// (<see cref="Correct"/>), and/or a value per option (<see cref="Points"/>: QTI's mapped values and
/// the sheet's weights as they are, Moodle's fractions in percent when <see cref="PointsArePercent"/>).
/// </summary>
public sealed record DraftScoring(int? Correct, IReadOnlyList<decimal>? Points, bool PointsArePercent = false);

/// <summary>An item read from a source; subtest, subtopic and difficulty are null where the source does not say.</summary>
public sealed record DraftItem(
    string Id,
    string? Subtest,
    string? Subtopic,
    Difficulty? Difficulty,
    string Stem,
    ItemTable? Table,
    DraftImage? Image,
    IReadOnlyList<DraftOption> Options,
    DraftScoring Scoring,
    string? Explanation);

/// <summary>An item as the bank will hold it: what the writer and the exporters take.</summary>
public sealed record ReadyItem(
    string Id,
    string Subtest,
    string Subtopic,
    Difficulty Difficulty,
    string Stem,
    ItemTable? Table,
    DraftImage? Image,
    IReadOnlyList<DraftOption> Options,
    int? Answer,
    IReadOnlyList<int>? Weights,
    string? Explanation)
{
    /// <summary>A loaded bank's item, its images taken from the bank by their paths.</summary>
    public static ReadyItem From(BankItem item, IReadOnlyDictionary<string, byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(images);
        DraftImage? Image(ImageRef? r) => r is null ? null : new DraftImage(r.File[(r.File.LastIndexOf('/') + 1)..], images[r.File], r.Alt);
        return new ReadyItem(item.Id, item.Subtest, item.Subtopic, item.Difficulty, item.Stem, item.Table, Image(item.Image),
            [.. item.Options.Select(o => new DraftOption(o.Text, Image(o.Image)))], item.Answer, item.Weights, item.Explanation);
    }
}

/// <summary>An item that cannot be represented in the bank, and why (in Indonesian).</summary>
public sealed record Unsupported(string Identifier, string Reason)
{
    public override string ToString() => $"{Identifier}: {Reason}";
}

/// <summary>
/// What a reader found: the items it could read, the ones it could not (<see cref="Unsupported"/>),
/// and refusals of the whole source (hostile or unreadable input: <see cref="Refusals"/>), after
/// which nothing is imported. <see cref="Bank"/> is what the source says about the bank itself.
/// </summary>
public sealed record SourceRead(IReadOnlyList<DraftItem> Items, IReadOnlyList<Unsupported> Unsupported, IReadOnlyList<FileError> Refusals, BankInfo Bank)
{
    public static SourceRead Refused(IReadOnlyList<FileError> refusals) => new([], [], refusals, new BankInfo(null, null, null));
}

/// <summary>A bank's code, title and blueprint as a source names them (null where it does not).</summary>
public sealed record BankInfo(string? Code, string? Title, string? Blueprint);
