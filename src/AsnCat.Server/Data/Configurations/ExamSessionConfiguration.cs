using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
namespace AsnCat.Server.Data.Configurations;

internal sealed class ExamSessionConfiguration : IEntityTypeConfiguration<ExamSession>
{
    public void Configure(EntityTypeBuilder<ExamSession> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(100);
        builder.Property(s => s.Venue).HasMaxLength(300);
        builder.Property(s => s.TimeZone).HasMaxLength(100);
        builder.Property(s => s.Room).HasMaxLength(100);
        builder.Property(s => s.PauseReason).HasMaxLength(500);
        builder.Property(s => s.LedgerHead).HasMaxLength(64);
        builder.Property(s => s.BundleSha256).HasMaxLength(64);
        builder.Property(s => s.BlueprintCode).HasMaxLength(100);
        builder.Property(s => s.ThresholdSetCode).HasMaxLength(100);
        builder.Property(s => s.Seed).HasMaxLength(32);
        builder.Property(s => s.State).HasMaxLength(20);
        builder.Property(s => s.SeedCommitment).HasMaxLength(64);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.NationalVenueId);
        builder.HasIndex(s => s.State);
        builder.HasIndex(s => s.StartsAt);
        builder.HasOne(s => s.BlueprintSnapshot).WithMany().HasForeignKey(s => s.BlueprintSnapshotId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.BankVersion).WithMany().HasForeignKey(s => s.BankVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
