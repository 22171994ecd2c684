using AsnCat.Scoring;
using AsnCat.Tool.Banks;
namespace AsnCat.Server.Data;

/// <summary>
/// An item of a bank version. What a terminal may show is in <see cref="Content"/>; the scoring
/// secret (<see cref="Answer"/> or <see cref="Weights"/>) is kept apart and never leaves the server.
/// </summary>
public sealed class BankItem
{
    public int Id { get; set; }

    public int BankVersionId { get; set; }

    public BankVersion? BankVersion { get; set; }

    /// <summary>The item's place in the bank as loaded; pools are rebuilt in this order.</summary>
    public int Ordinal { get; set; }

    /// <summary>The committee's id (<c>TWK-NAS-001</c>), unique within the version.</summary>
    public required string ItemId { get; set; }

    public required string Subtest { get; set; }

    public required string Subtopic { get; set; }

    public Difficulty Difficulty { get; set; }

    public required ItemContent Content { get; set; }

    /// <summary>Key subtests: the correct original option, 0..4.</summary>
    public int? Answer { get; set; }

    /// <summary>Weighted subtests: the weight of each original option A..E.</summary>
    public int[]? Weights { get; set; }

    public string? Explanation { get; set; }

    /// <summary>The YAML file (relative to the bank) and line the item was written at.</summary>
    public required string SourceFile { get; set; }

    public int Line { get; set; }
}

/// <summary>What a terminal shows of an item, stored as one JSON column. Image files are bank-relative paths of <see cref="BankImage"/>s.</summary>
public sealed record ItemContent(string Stem, ItemTable? Table, ImageRef? Image, IReadOnlyList<ItemOption> Options);
