
namespace AsnCat.Server.Data;

/// <summary>
/// One publication of results by the committee: the exact rows the public sees, frozen. A
/// correction is a new publication with the next <see cref="Version"/>; none is ever changed.
/// </summary>
public sealed class Publication
{
    public int Id { get; set; }

    /// <summary><c>sesi</c> (one exam session's SKD results), <c>formasi</c> (SKD ranking of a formation) or <c>akhir</c> (final SKD+SKB ranking of a formation).</summary>
    public required string Kind { get; set; }

    /// <summary>The session code or formation code published.</summary>
    public required string Subject { get; set; }

    /// <summary>1 for the first publication of this kind and subject, then 2, 3, … for corrections.</summary>
    public int Version { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public required string PublishedBy { get; set; }

    /// <summary>The title of the announcement (pengumuman).</summary>
    public required string Title { get; set; }

    /// <summary>The published rows as canonical JSON: what the page, CSV, XLSX and PDF all show.</summary>
    public required string RowsJson { get; set; }

    /// <summary>Lowercase hex SHA-256 of <see cref="RowsJson"/>'s UTF-8 bytes.</summary>
    public required string RowsSha256 { get; set; }

    /// <summary>The head of the ledger(s) of the sessions behind these results, shown on the page and in the PDF.</summary>
    public string? LedgerHead { get; set; }
}
