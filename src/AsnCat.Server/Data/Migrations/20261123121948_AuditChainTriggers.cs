using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditChainTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A sealed audit entry (Hash set by the chain, Services/Audit/AuditChain.cs) can no
            // longer change or go (names in Data/Configurations/AuditEntryConfiguration.cs).
            // Sealing itself is the UPDATE of an entry whose Hash is still null, so it passes.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditEntries_Sealed_Update" BEFORE UPDATE ON "AuditEntries"
                WHEN OLD."Hash" IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'audit entry is sealed'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_AuditEntries_Sealed_Delete" BEFORE DELETE ON "AuditEntries"
                WHEN OLD."Hash" IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'audit entry is sealed'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_AuditEntries_Sealed_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_AuditEntries_Sealed_Delete";""");
        }
    }
}
