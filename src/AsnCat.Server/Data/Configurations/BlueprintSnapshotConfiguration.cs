using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class BlueprintSnapshotConfiguration : IEntityTypeConfiguration<BlueprintSnapshot>
{
    public void Configure(EntityTypeBuilder<BlueprintSnapshot> builder)
    {
        builder.Property(b => b.Code).HasMaxLength(100);
        builder.Property(b => b.Hash).HasMaxLength(64);
        builder.HasIndex(b => b.Hash).IsUnique();
        builder.HasIndex(b => b.Code);
    }
}
