using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class BankVersionConfiguration : IEntityTypeConfiguration<BankVersion>
{
    public void Configure(EntityTypeBuilder<BankVersion> builder)
    {
        // The initial migration adds triggers that refuse changes to a locked version.
        builder.ToTable(t => LockTriggers.OnVersions(t));
        builder.Property(v => v.Code).HasMaxLength(100);
        builder.Property(v => v.Title).HasMaxLength(300);
        builder.Property(v => v.BlueprintCode).HasMaxLength(100);
        builder.Property(v => v.Hash).HasMaxLength(64);
        builder.HasIndex(v => v.Hash).IsUnique();
        builder.HasIndex(v => v.Code);
        builder.HasOne(v => v.BlueprintSnapshot).WithMany().HasForeignKey(v => v.BlueprintSnapshotId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(v => v.Items).WithOne(i => i.BankVersion).HasForeignKey(i => i.BankVersionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(v => v.Images).WithOne(i => i.BankVersion).HasForeignKey(i => i.BankVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
