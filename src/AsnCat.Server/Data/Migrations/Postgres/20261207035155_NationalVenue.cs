using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AsnCat.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalVenue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "syncoutbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sessioncode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    payload = table.Column<byte[]>(type: "bytea", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    sentat = table.Column<long>(type: "bigint", nullable: true),
                    tries = table.Column<int>(type: "integer", nullable: false),
                    lasterror = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    receiptstatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    receiptreasons = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_syncoutbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "syncpackages",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sessioncode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    refusals = table.Column<string>(type: "text", nullable: true),
                    handledat = table.Column<long>(type: "bigint", nullable: false),
                    ackedat = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_syncpackages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_syncoutbox_kind_sha256",
                table: "syncoutbox",
                columns: new[] { "kind", "sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_syncoutbox_sentat_id",
                table: "syncoutbox",
                columns: new[] { "sentat", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_syncpackages_sessioncode_version_sha256",
                table: "syncpackages",
                columns: new[] { "sessioncode", "version", "sha256" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "syncoutbox");

            migrationBuilder.DropTable(
                name: "syncpackages");
        }
    }
}
