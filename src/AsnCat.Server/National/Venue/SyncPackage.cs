using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// A package version the venue has dealt with: applied (whole or in part, <see cref="Refusals"/>
/// naming what a late version could not change), refused (nothing applied), or a withdrawal. A
/// version listed again with the same hash is not fetched again; with another hash it is.
/// </summary>
public sealed class SyncPackage
{
    public const string Applied = "diterapkan";

    public const string Refused = "ditolak";

    public const string Withdrawn = "ditarik";

    public int Id { get; set; }

    public required string SessionCode { get; set; }

    public int Version { get; set; }

    public required string Sha256 { get; set; }

    /// <summary><see cref="Applied"/>, <see cref="Refused"/> or <see cref="Withdrawn"/>.</summary>
    public required string Status { get; set; }

    /// <summary>What was not applied and why, one Indonesian line each; null when everything was.</summary>
    public string? Refusals { get; set; }

    public DateTimeOffset HandledAt { get; set; }

    /// <summary>When the centre took the acknowledgement; null until then (a refused package is never acknowledged).</summary>
    public DateTimeOffset? AckedAt { get; set; }
}

internal sealed class SyncPackageConfiguration : IEntityTypeConfiguration<SyncPackage>
{
    public void Configure(EntityTypeBuilder<SyncPackage> builder)
    {
        builder.ToTable("SyncPackages");
        builder.Property(p => p.SessionCode).HasMaxLength(100);
        builder.Property(p => p.Sha256).HasMaxLength(64);
        builder.Property(p => p.Status).HasMaxLength(20);
        builder.HasIndex(p => new { p.SessionCode, p.Version, p.Sha256 }).IsUnique();
    }
}
