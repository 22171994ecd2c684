using AsnCat.Server.Guard;

namespace AsnCat.Server.Exam;

/// <summary>The hub guard's audit entries, queued on the writer and committed with its next batch (never waited for while parsing).</summary>
internal sealed class WriterMisuseAudit(ExamWriter writer) : IHubMisuseAudit
{
    public Task WriteAsync(string actor, string? address, string action, string subject, string details) =>
        writer.RunAsync(b =>
        {
            b.Audit(actor, address, action, subject, details);
            return Task.FromResult(true);
        }, () => false);
}
