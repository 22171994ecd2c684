using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Data;

/// <summary>
/// The same model on PostgreSQL, with its own migrations (<c>Data/Migrations/Postgres</c>): EF Core
/// keeps one migration set per context type. Every table and column name is lower case, so the
/// unquoted names of the raw SQL shared by both engines (<c>UPDATE Attempts SET PinHash = ...</c>)
/// fold to them; constraint and index names keep the SQLite model's (EF quotes them).
/// </summary>
public sealed partial class PostgresAsnCatDb(DbContextOptions<PostgresAsnCatDb> options) : AsnCatDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table)
            {
                entity.SetTableName(table.ToLowerInvariant());
            }
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());
            }
            foreach (var check in entity.GetCheckConstraints().ToList())
            {
                entity.RemoveCheckConstraint(check.ModelName);
                entity.AddCheckConstraint(check.ModelName, Check(check.Sql));
            }
        }
    }

    // the check constraints are written for SQLite: quoted PascalCase names, and GLOB for "digits only"
    private static string Check(string sql) =>
        QuotedName().Replace(sql, m => m.Value.ToLowerInvariant())
            .Replace(" NOT GLOB '*[^0-9]*'", " ~ '^[0-9]*$'", StringComparison.Ordinal);

    [GeneratedRegex("\"[A-Za-z]+\"")]
    private static partial Regex QuotedName();
}
