using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Candidates_Nik", "length(\"Nik\") = 16 AND \"Nik\" NOT GLOB '*[^0-9]*'");
            t.HasCheckConstraint("CK_Candidates_ExtraMinutes", "\"ExtraMinutes\" >= 0");
        });
        builder.Property(c => c.ParticipantNumber).HasMaxLength(50);
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.Property(c => c.Nik).HasMaxLength(16);
        // the same codes as the threshold files' categories (daerah_tertinggal)
        builder.Property(c => c.Category).HasMaxLength(50).HasConversion(c => CandidateCategories.Code(c), s => CandidateCategories.Parse(s));
        builder.HasIndex(c => c.ParticipantNumber).IsUnique();
        builder.HasOne(c => c.Formation).WithMany().HasForeignKey(c => c.FormationId).OnDelete(DeleteBehavior.Restrict);
    }
}
