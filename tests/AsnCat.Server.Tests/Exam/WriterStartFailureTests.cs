using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
namespace AsnCat.Server.Tests.Exam;

/// <summary>A writer whose database never opens leaves no caller waiting (a job, a hub call, a shutdown).</summary>
public sealed class WriterStartFailureTests
{
    [Fact]
    public async Task A_writer_whose_database_cannot_open_refuses_every_call_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "no-such-folder", "asncat.db");
        var options = new DbContextOptionsBuilder<AsnCatDb>().UseSqlite($"Data Source={missing};Mode=ReadWrite").Options;
        using var writer = new ExamWriter(new PooledDbContextFactory<AsnCatDb>(options), materials: null!, TimeProvider.System, NullLogger<ExamWriter>.Instance);

        await writer.StartAsync(ct);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.Ready);

        // before, the call was queued for a loop that had already died, and waited for ever
        var reply = await writer.RunAsync(_ => Task.FromResult("stored"), () => "refused").WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal("refused", reply);
    }
}
