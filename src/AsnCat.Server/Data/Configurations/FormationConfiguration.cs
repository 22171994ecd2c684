using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class FormationConfiguration : IEntityTypeConfiguration<Formation>
{
    public void Configure(EntityTypeBuilder<Formation> builder)
    {
        builder.ToTable(t => t.HasCheckConstraint("CK_Formations_Quota", "\"Quota\" > 0"));
        builder.Property(f => f.Code).HasMaxLength(100);
        builder.Property(f => f.Agency).HasMaxLength(300);
        builder.Property(f => f.Position).HasMaxLength(300);
        builder.Property(f => f.Location).HasMaxLength(300);
        builder.Property(f => f.Education).HasMaxLength(300);
        builder.HasIndex(f => f.Code).IsUnique();
    }
}
