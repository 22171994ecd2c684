
namespace AsnCat.Server.Data;

/// <summary>
/// One imported version of a question bank, named by its content hash. Once an exam session
/// uses it, <see cref="Locked"/> is set and the database refuses any change to it, its items
/// or its images.
/// </summary>
public sealed class BankVersion
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Title { get; set; }

    public required string BlueprintCode { get; set; }

    /// <summary>The blueprint the bank was validated against when it was imported.</summary>
    public int BlueprintSnapshotId { get; set; }

    public BlueprintSnapshot? BlueprintSnapshot { get; set; }

    /// <summary>SHA-256 over the bank's files (question-banks/README.md), lowercase hex.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public int ItemCount { get; set; }

    public bool Locked { get; set; }

    public List<BankItem> Items { get; } = [];

    public List<BankImage> Images { get; } = [];
}
