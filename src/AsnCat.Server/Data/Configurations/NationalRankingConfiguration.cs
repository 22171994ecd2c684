using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
namespace AsnCat.Server.Data.Configurations;

internal sealed class NationalRankingRunConfiguration : IEntityTypeConfiguration<NationalRankingRun>
{
    public void Configure(EntityTypeBuilder<NationalRankingRun> builder) => builder.Property(r => r.RunBy).HasMaxLength(200);
}

internal sealed class NationalRankingRowConfiguration : IEntityTypeConfiguration<NationalRankingRow>
{
    public void Configure(EntityTypeBuilder<NationalRankingRow> builder)
    {
        // the key is the only index: a run is written in bulk (COPY), and read by (run, formation)
        builder.HasKey(r => new { r.RunId, r.FormationId, r.CandidateId });
        builder.Property(r => r.ParticipantNumber).HasMaxLength(50);
        builder.Property(r => r.Category).HasMaxLength(30);
        builder.Property(r => r.Outcome).HasMaxLength(20);
        builder.HasOne<NationalRankingRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FormationClosureConfiguration : IEntityTypeConfiguration<FormationClosure>
{
    public void Configure(EntityTypeBuilder<FormationClosure> builder)
    {
        builder.Property(c => c.ClosedBy).HasMaxLength(200);
        builder.Property(c => c.Reason).HasMaxLength(1000);
        builder.HasIndex(c => c.FormationId).IsUnique();
        builder.HasOne(c => c.Formation).WithMany().HasForeignKey(c => c.FormationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OptimalisasiPlacementConfiguration : IEntityTypeConfiguration<OptimalisasiPlacement>
{
    public void Configure(EntityTypeBuilder<OptimalisasiPlacement> builder)
    {
        builder.Property(p => p.DecidedBy).HasMaxLength(200);
        builder.Property(p => p.RuleCode).HasMaxLength(100);
        // a candidate is placed by optimalisasi once in the whole selection
        builder.HasIndex(p => p.CandidateId).IsUnique();
        builder.HasIndex(p => p.FormationId);
        builder.HasOne<Formation>().WithMany().HasForeignKey(p => p.FormationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Candidate>().WithMany().HasForeignKey(p => p.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}
