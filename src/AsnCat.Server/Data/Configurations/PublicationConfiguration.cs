using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
namespace AsnCat.Server.Data.Configurations;

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.Property(p => p.Kind).HasMaxLength(20);
        builder.Property(p => p.Subject).HasMaxLength(100);
        builder.Property(p => p.PublishedBy).HasMaxLength(200);
        builder.Property(p => p.Title).HasMaxLength(500);
        builder.Property(p => p.RowsSha256).HasMaxLength(64);
        builder.Property(p => p.LedgerHead).HasMaxLength(64);
        builder.HasIndex(p => new { p.Kind, p.Subject, p.Version }).IsUnique();
    }
}

internal sealed class SkbScoreConfiguration : IEntityTypeConfiguration<SkbScore>
{
    public void Configure(EntityTypeBuilder<SkbScore> builder)
    {
        builder.Property(s => s.ImportedBy).HasMaxLength(200);
        builder.HasIndex(s => s.CandidateId).IsUnique();
        builder.HasOne(s => s.Candidate).WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}
