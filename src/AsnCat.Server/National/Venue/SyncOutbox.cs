using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// One message waiting to go up to the centre, or gone (<see cref="SentAt"/>). The queue lives in
/// the venue's database, so a restart, even a killed process, loses nothing that was committed.
/// <see cref="Id"/> gives the order (and is the progress batch's <c>Seq</c>): the sender goes
/// through the rows in that order and stops at the first that cannot go, so a bundle never
/// overtakes an earlier one.
/// </summary>
public sealed class SyncOutbox
{
    public const string BundleKind = "bundle";

    public const string ProgressKind = "progress";

    public long Id { get; set; }

    /// <summary><see cref="BundleKind"/> or <see cref="ProgressKind"/>.</summary>
    public required string Kind { get; set; }

    public required string SessionCode { get; set; }

    /// <summary>The exact bytes to send: a bundle's file, or one session's board as JSON (emptied once sent).</summary>
    public required byte[] Payload { get; set; }

    /// <summary>Lowercase hex SHA-256 of <see cref="Payload"/> as queued (for a bundle: the session's <c>BundleSha256</c>).</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the centre's answer settled it (a receipt, accepted or refused); null while queued.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public int Tries { get; set; }

    public string? LastError { get; set; }

    /// <summary>The receipt's status (<c>diterima</c>, <c>ditolak</c>); for progress, <c>diterima</c> too.</summary>
    public string? ReceiptStatus { get; set; }

    /// <summary>The receipt's reasons and flags, one per line, as the centre wrote them.</summary>
    public string? ReceiptReasons { get; set; }

    /// <summary>Neither sent nor settled: still to go.</summary>
    public bool Pending => SentAt is null;
}

internal sealed class SyncOutboxConfiguration : IEntityTypeConfiguration<SyncOutbox>
{
    public void Configure(EntityTypeBuilder<SyncOutbox> builder)
    {
        builder.ToTable("SyncOutbox");
        builder.Property(o => o.Kind).HasMaxLength(20);
        builder.Property(o => o.SessionCode).HasMaxLength(100);
        builder.Property(o => o.Sha256).HasMaxLength(64);
        builder.Property(o => o.LastError).HasMaxLength(2000);
        builder.Property(o => o.ReceiptStatus).HasMaxLength(20);
        builder.Ignore(o => o.Pending);
        builder.HasIndex(o => new { o.SentAt, o.Id });
        builder.HasIndex(o => new { o.Kind, o.Sha256 });
    }
}
