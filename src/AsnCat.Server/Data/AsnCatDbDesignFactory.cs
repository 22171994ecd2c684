using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AsnCat.Server.Data;

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the web host.</summary>
internal sealed class AsnCatDbDesignFactory : IDesignTimeDbContextFactory<AsnCatDb>
{
    public AsnCatDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AsnCatDb>()
            .UseSqlite(args.Length > 0 ? args[0] : "Data Source=data/asncat.db")
            .Options);
}

/// <summary>
/// Lets <c>dotnet ef migrations add ... --context PostgresAsnCatDb -o Data/Migrations/Postgres</c>
/// build the PostgreSQL model; no server is contacted to add a migration.
/// </summary>
internal sealed class PostgresAsnCatDbDesignFactory : IDesignTimeDbContextFactory<PostgresAsnCatDb>
{
    public PostgresAsnCatDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAsnCatDb>()
            .UseNpgsql(args.Length > 0 ? args[0] : "Host=127.0.0.1;Database=asncat;Username=asncat")
            .Options);
}
