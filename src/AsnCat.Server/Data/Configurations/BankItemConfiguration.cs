using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
namespace AsnCat.Server.Data.Configurations;

internal sealed class BankItemConfiguration : IEntityTypeConfiguration<BankItem>
{
    public void Configure(EntityTypeBuilder<BankItem> builder)
    {
        builder.ToTable(t =>
        {
            LockTriggers.OnContent(t, "BankItems");
            t.HasCheckConstraint("CK_BankItems_Answer", "\"Answer\" IS NULL OR \"Answer\" BETWEEN 0 AND 4");
            // exactly one scoring secret: a key or the weights
            t.HasCheckConstraint("CK_BankItems_Secret", "(\"Answer\" IS NULL) <> (\"Weights\" IS NULL)");
        });
        builder.Property(i => i.ItemId).HasMaxLength(100);
        builder.Property(i => i.Subtest).HasMaxLength(50);
        builder.Property(i => i.Subtopic).HasMaxLength(100);
        builder.Property(i => i.SourceFile).HasMaxLength(300);
        builder.Property(i => i.Content).HasJsonConversion();
        builder.HasIndex(i => new { i.BankVersionId, i.ItemId }).IsUnique();
        builder.HasIndex(i => new { i.BankVersionId, i.Ordinal }).IsUnique();
    }
}
