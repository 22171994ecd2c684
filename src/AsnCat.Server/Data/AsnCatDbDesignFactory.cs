using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AsnCat.Server.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web host.</summary>
internal sealed class AsnCatDbDesignFactory : IDesignTimeDbContextFactory<AsnCatDb>
{
    public AsnCatDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AsnCatDb>()
            .UseSqlite(args.Length > 0 ? args[0] : "Data Source=data/asncat.db")
            .Options);
}
