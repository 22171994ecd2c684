using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class BankImageConfiguration : IEntityTypeConfiguration<BankImage>
{
    public void Configure(EntityTypeBuilder<BankImage> builder)
    {
        builder.ToTable(t => LockTriggers.OnContent(t, "BankImages"));
        builder.Property(i => i.Path).HasMaxLength(300);
        builder.Property(i => i.ContentType).HasMaxLength(100);
        builder.HasIndex(i => new { i.BankVersionId, i.Path }).IsUnique();
    }
}
