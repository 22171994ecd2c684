using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class AnswerEventConfiguration : IEntityTypeConfiguration<AnswerEvent>
{
    public void Configure(EntityTypeBuilder<AnswerEvent> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_AnswerEvents_Option", "\"Option\" IS NULL OR \"Option\" BETWEEN 0 AND 4");
            t.HasCheckConstraint("CK_AnswerEvents_Position", "\"Position\" >= 0");
        });
        builder.Property(e => e.Kind).HasMaxLength(10);
        // no foreign keys: each would bring an index by attempt (EF's convention) and a lookup per
        // insert; the only writer (ExamService.Store) takes both ids from the attempt it holds
        builder.HasIndex(e => new { e.ExamSessionId, e.Id });
    }
}
