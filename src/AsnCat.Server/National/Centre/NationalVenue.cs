using AsnCat.Server.Data;
using AsnCat.Server.Data.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// A venue the centre has registered (docs/national.md, "Operations"): its code, its signing key
/// once enrolled, and the hash of its credential (the credential itself is shown once and never stored).
/// </summary>
public sealed class NationalVenue
{
    public int Id { get; set; }

    /// <summary>e.g. <c>LOK-MKS-01</c>; a session whose venue is this code runs here.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>WIB, WITA or WIT.</summary>
    public required string TimeZone { get; set; }

    /// <summary>ECDSA P-256 public key, SubjectPublicKeyInfo DER, base64; null until enrolled.</summary>
    public string? PublicKey { get; set; }

    /// <summary>Lowercase hex SHA-256 of the credential; null until enrolled.</summary>
    public string? CredentialHash { get; set; }

    /// <summary>Lowercase hex SHA-256 of the one-time enrolment code; null once used.</summary>
    public string? EnrolmentCodeHash { get; set; }

    public DateTimeOffset? EnrolmentExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EnrolledAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    /// <summary>The last progress batch accepted from this venue (<c>ProgressBatch.Seq</c>).</summary>
    public long ProgressSeq { get; set; }
}

/// <summary>One version of a session's package as it was served: the exact JSON bytes and their hash.</summary>
public sealed class PackageVersion
{
    public int Id { get; set; }

    public int ExamSessionId { get; set; }

    public int NationalVenueId { get; set; }

    public int Version { get; set; }

    /// <summary>Lowercase hex SHA-256 of <see cref="Json"/>.</summary>
    public required string Sha256 { get; set; }

    /// <summary>SHA-256 of the package's content without version and seed: a new version is built when it changes.</summary>
    public required string ContentSha256 { get; set; }

    public required byte[] Json { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AckedAt { get; set; }
}

/// <summary>
/// A bundle a venue sent for one of its sessions, accepted or refused (<c>BundleReceipt</c>). An
/// accepted one's bytes are kept under the data directory; a refused one keeps only this record.
/// </summary>
public sealed class VenueBundle
{
    public int Id { get; set; }

    public int NationalVenueId { get; set; }

    /// <summary>The session on the centre, when the bundle named one that exists.</summary>
    public int? ExamSessionId { get; set; }

    public required string SessionCode { get; set; }

    public required string Sha256 { get; set; }

    public string LedgerHead { get; set; } = "";

    /// <summary><c>diterima</c> or <c>ditolak</c> (<see cref="BundleStatus"/>).</summary>
    public required string Status { get; set; }

    public List<string> Reasons { get; set; } = [];

    public List<string> Flags { get; set; } = [];

    /// <summary>The seed the accepted bundle revealed.</summary>
    public string? Seed { get; set; }

    /// <summary>Where the accepted bytes are (relative to the content root).</summary>
    public string? Path { get; set; }

    /// <summary>Set when a later accepted bundle for the same session replaced this one.</summary>
    public int? SupersededById { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

public static class BundleStatus
{
    public const string Accepted = "diterima";
    public const string Refused = "ditolak";
}

internal sealed class NationalVenueConfiguration : IEntityTypeConfiguration<NationalVenue>
{
    public void Configure(EntityTypeBuilder<NationalVenue> builder)
    {
        builder.Property(v => v.Code).HasMaxLength(100);
        builder.Property(v => v.Name).HasMaxLength(300);
        builder.Property(v => v.TimeZone).HasMaxLength(10);
        builder.Property(v => v.PublicKey).HasMaxLength(400);
        builder.Property(v => v.CredentialHash).HasMaxLength(64);
        builder.Property(v => v.EnrolmentCodeHash).HasMaxLength(64);
        builder.Property(v => v.RevokedReason).HasMaxLength(500);
        builder.HasIndex(v => v.Code).IsUnique();
        builder.HasMany<ExamSession>().WithOne().HasForeignKey(s => s.NationalVenueId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PackageVersionConfiguration : IEntityTypeConfiguration<PackageVersion>
{
    public void Configure(EntityTypeBuilder<PackageVersion> builder)
    {
        builder.Property(p => p.Sha256).HasMaxLength(64);
        builder.Property(p => p.ContentSha256).HasMaxLength(64);
        builder.HasIndex(p => new { p.ExamSessionId, p.Version }).IsUnique();
        builder.HasIndex(p => p.NationalVenueId);
        builder.HasOne<ExamSession>().WithMany().HasForeignKey(p => p.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<NationalVenue>().WithMany().HasForeignKey(p => p.NationalVenueId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VenueBundleConfiguration : IEntityTypeConfiguration<VenueBundle>
{
    public void Configure(EntityTypeBuilder<VenueBundle> builder)
    {
        builder.Property(b => b.SessionCode).HasMaxLength(100);
        builder.Property(b => b.Sha256).HasMaxLength(64);
        builder.Property(b => b.LedgerHead).HasMaxLength(64);
        builder.Property(b => b.Status).HasMaxLength(10);
        builder.Property(b => b.Seed).HasMaxLength(100);
        builder.Property(b => b.Path).HasMaxLength(500);
        builder.Property(b => b.Reasons).HasJsonConversion();
        builder.Property(b => b.Flags).HasJsonConversion();
        builder.HasIndex(b => new { b.NationalVenueId, b.Sha256 });
        builder.HasIndex(b => new { b.ExamSessionId, b.Status });
        builder.HasOne<NationalVenue>().WithMany().HasForeignKey(b => b.NationalVenueId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ExamSession>().WithMany().HasForeignKey(b => b.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The newest board a venue sent for one of its sessions (<c>ProgressBatch</c>), as the centre's public live state serves it.</summary>
public sealed class VenueBoard
{
    public int ExamSessionId { get; set; }

    /// <summary>The <c>LiveBoard</c> as JSON (web defaults).</summary>
    public required string Json { get; set; }

    /// <summary>When the venue built it: an older board never replaces a newer.</summary>
    public DateTimeOffset BuiltAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class VenueBoardConfiguration : IEntityTypeConfiguration<VenueBoard>
{
    public void Configure(EntityTypeBuilder<VenueBoard> builder)
    {
        builder.HasKey(b => b.ExamSessionId);
        builder.HasOne<ExamSession>().WithOne().HasForeignKey<VenueBoard>(b => b.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
    }
}
