using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Attempts_FailedPinCount", "\"FailedPinCount\" >= 0");
            t.HasCheckConstraint("CK_Attempts_ExtraMinutes", "\"ExtraMinutes\" >= 0");
        });
        builder.Property(a => a.PinHash).HasMaxLength(200);
        builder.Property(a => a.State).HasMaxLength(20);
        builder.Property(a => a.Scores).HasJsonConversion();
        builder.Property(a => a.TerminalId).HasMaxLength(100);
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.Property(a => a.EndedBy).HasMaxLength(20);
        builder.Property(a => a.PauseReason).HasMaxLength(500);
        builder.HasIndex(a => a.TokenHash);
        builder.Property(a => a.ConnectionId).HasMaxLength(100);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.ExamSessionId, a.CandidateId }).IsUnique();
        builder.HasIndex(a => new { a.ExamSessionId, a.State });
        builder.HasIndex(a => a.CandidateId);
        builder.HasOne(a => a.ExamSession).WithMany(s => s.Attempts).HasForeignKey(a => a.ExamSessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Candidate).WithMany().HasForeignKey(a => a.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}
