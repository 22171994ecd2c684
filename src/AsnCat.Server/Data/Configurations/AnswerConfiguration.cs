using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Answers_Option", "\"Option\" IS NULL OR \"Option\" BETWEEN 0 AND 4");
            t.HasCheckConstraint("CK_Answers_Position", "\"Position\" >= 0");
        });
        builder.HasKey(a => new { a.AttemptId, a.Position });
        builder.HasOne(a => a.Attempt).WithMany(t => t.Answers).HasForeignKey(a => a.AttemptId).OnDelete(DeleteBehavior.Restrict);
    }
}
