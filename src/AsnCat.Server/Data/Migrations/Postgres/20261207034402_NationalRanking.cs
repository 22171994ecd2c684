using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AsnCat.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalRanking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "formationclosures",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    formationid = table.Column<int>(type: "integer", nullable: false),
                    closedat = table.Column<long>(type: "bigint", nullable: false),
                    closedby = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    forced = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    pendingsessions = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_formationclosures", x => x.id);
                    table.ForeignKey(
                        name: "FK_formationclosures_formations_formationid",
                        column: x => x.formationid,
                        principalTable: "formations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "nationalrankingruns",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    runby = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    formations = table.Column<int>(type: "integer", nullable: false),
                    finalformations = table.Column<int>(type: "integer", nullable: false),
                    rows = table.Column<int>(type: "integer", nullable: false),
                    flagged = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nationalrankingruns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "optimalisasiplacements",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    formationid = table.Column<int>(type: "integer", nullable: false),
                    candidateid = table.Column<int>(type: "integer", nullable: false),
                    decidedat = table.Column<long>(type: "bigint", nullable: false),
                    decidedby = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rulecode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_optimalisasiplacements", x => x.id);
                    table.ForeignKey(
                        name: "FK_optimalisasiplacements_candidates_candidateid",
                        column: x => x.candidateid,
                        principalTable: "candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_optimalisasiplacements_formations_formationid",
                        column: x => x.formationid,
                        principalTable: "formations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "nationalrankingrows",
                columns: table => new
                {
                    runid = table.Column<int>(type: "integer", nullable: false),
                    formationid = table.Column<int>(type: "integer", nullable: false),
                    candidateid = table.Column<int>(type: "integer", nullable: false),
                    participantnumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: true),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    advances = table.Column<bool>(type: "boolean", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: true),
                    scores = table.Column<int[]>(type: "integer[]", nullable: true),
                    sessionid = table.Column<int>(type: "integer", nullable: false),
                    finishedattempts = table.Column<int>(type: "integer", nullable: false),
                    final = table.Column<bool>(type: "boolean", nullable: false),
                    fromformationid = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nationalrankingrows", x => new { x.runid, x.formationid, x.candidateid });
                    table.ForeignKey(
                        name: "FK_nationalrankingrows_nationalrankingruns_runid",
                        column: x => x.runid,
                        principalTable: "nationalrankingruns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_formationclosures_formationid",
                table: "formationclosures",
                column: "formationid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_optimalisasiplacements_candidateid",
                table: "optimalisasiplacements",
                column: "candidateid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_optimalisasiplacements_formationid",
                table: "optimalisasiplacements",
                column: "formationid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "formationclosures");

            migrationBuilder.DropTable(
                name: "nationalrankingrows");

            migrationBuilder.DropTable(
                name: "optimalisasiplacements");

            migrationBuilder.DropTable(
                name: "nationalrankingruns");
        }
    }
}
