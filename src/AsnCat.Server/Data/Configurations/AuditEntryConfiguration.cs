using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    /// <summary>The message SQLite raises when a sealed entry is changed or deleted; it shows in the exception.</summary>
    public const string SealedMessage = "audit entry is sealed";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // Created in the AuditChainTriggers migration: an entry the chain has sealed (Hash not null)
        // can be neither updated nor deleted. Declared here so EF Core knows the table has triggers.
        builder.ToTable(t =>
        {
            t.HasTrigger("TR_AuditEntries_Sealed_Update");
            t.HasTrigger("TR_AuditEntries_Sealed_Delete");
        });
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Address).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.Subject);
    }
}
