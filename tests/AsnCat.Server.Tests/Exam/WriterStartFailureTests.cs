using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Tests.Data;
using AsnCat.Server.Tests.Hosts;
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
        // SQLite: a file in a folder that does not exist; PostgreSQL: a port nothing listens on
        IDbContextFactory<AsnCatDb> dbs = TestEngine.Provider == DatabaseProvider.Postgres
            ? new Unreachable(new DbContextOptionsBuilder<PostgresAsnCatDb>().UseNpgsql($"Host=127.0.0.1;Port={ChildProcessHost.FreePort()};Database=asncat;Username=asncat;Timeout=5").Options)
            : new PooledDbContextFactory<AsnCatDb>(new DbContextOptionsBuilder<AsnCatDb>().UseSqlite($"Data Source={Path.Combine(dir.Path, "no-such-folder", "asncat.db")};Mode=ReadWrite").Options);
        using var writer = new ExamWriter(dbs, materials: null!, TimeProvider.System, NullLogger<ExamWriter>.Instance);

        await writer.StartAsync(ct);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.Ready);

        // before, the call was queued for a loop that had already died, and waited for ever
        var reply = await writer.RunAsync(_ => Task.FromResult("stored"), () => "refused").WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal("refused", reply);
    }

    private sealed class Unreachable(DbContextOptions<PostgresAsnCatDb> options) : IDbContextFactory<AsnCatDb>
    {
        public AsnCatDb CreateDbContext() => new PostgresAsnCatDb(options);
    }
}
