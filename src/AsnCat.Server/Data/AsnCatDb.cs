using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
namespace AsnCat.Server.Data;

/// <summary>
/// The server's one database, staff accounts included (ASP.NET Core Identity tables): the SQLite
/// model (its migrations in <c>Data/Migrations</c>); <see cref="PostgresAsnCatDb"/> is the same
/// model on PostgreSQL. Configurations live in <c>Data/Configurations</c>.
/// </summary>
public class AsnCatDb : IdentityDbContext<StaffUser, IdentityRole, string>
{
    public AsnCatDb(DbContextOptions<AsnCatDb> options)
        : base(options)
    {
    }

    /// <summary>For the context of another engine (<see cref="PostgresAsnCatDb"/>), which has migrations of its own.</summary>
    protected AsnCatDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<BankVersion> BankVersions => Set<BankVersion>();

    public DbSet<BankItem> BankItems => Set<BankItem>();

    public DbSet<BankImage> BankImages => Set<BankImage>();

    public DbSet<BlueprintSnapshot> BlueprintSnapshots => Set<BlueprintSnapshot>();

    public DbSet<Formation> Formations => Set<Formation>();

    public DbSet<Candidate> Candidates => Set<Candidate>();

    public DbSet<ExamSession> ExamSessions => Set<ExamSession>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<Answer> Answers => Set<Answer>();

    public DbSet<AnswerEvent> AnswerEvents => Set<AnswerEvent>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ServerHeartbeat> ServerHeartbeats => Set<ServerHeartbeat>();

    public DbSet<Publication> Publications => Set<Publication>();

    public DbSet<SkbScore> SkbScores => Set<SkbScore>();

    public DbSet<National.Centre.NationalVenue> NationalVenues => Set<National.Centre.NationalVenue>();

    public DbSet<National.Centre.PackageVersion> PackageVersions => Set<National.Centre.PackageVersion>();

    public DbSet<National.Centre.VenueBundle> VenueBundles => Set<National.Centre.VenueBundle>();

    public DbSet<National.Centre.VenueBoard> VenueBoards => Set<National.Centre.VenueBoard>();

    public DbSet<NationalRankingRun> NationalRankingRuns => Set<NationalRankingRun>();

    public DbSet<NationalRankingRow> NationalRankingRows => Set<NationalRankingRow>();

    public DbSet<FormationClosure> FormationClosures => Set<FormationClosure>();

    public DbSet<OptimalisasiPlacement> OptimalisasiPlacements => Set<OptimalisasiPlacement>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AsnCatDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no DateTimeOffset: store UTC ticks, which order and compare correctly in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    // The token's original value goes into the UPDATE's WHERE; the new one is written.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Attempt>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
