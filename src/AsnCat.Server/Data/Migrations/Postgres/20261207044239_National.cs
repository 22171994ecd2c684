using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AsnCat.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class National : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "nationalvenueid",
                table: "examsessions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "seedcommitment",
                table: "examsessions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "seedcommittedat",
                table: "examsessions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "venueeventid",
                table: "answerevents",
                type: "bigint",
                nullable: true);

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
                name: "nationalvenues",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    timezone = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    publickey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    credentialhash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    enrolmentcodehash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    enrolmentexpiresat = table.Column<long>(type: "bigint", nullable: true),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    enrolledat = table.Column<long>(type: "bigint", nullable: true),
                    revokedat = table.Column<long>(type: "bigint", nullable: true),
                    revokedreason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    progressseq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nationalvenues", x => x.id);
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

            migrationBuilder.CreateTable(
                name: "venueboards",
                columns: table => new
                {
                    examsessionid = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    builtat = table.Column<long>(type: "bigint", nullable: false),
                    receivedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venueboards", x => x.examsessionid);
                    table.ForeignKey(
                        name: "FK_venueboards_examsessions_examsessionid",
                        column: x => x.examsessionid,
                        principalTable: "examsessions",
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

            migrationBuilder.CreateTable(
                name: "packageversions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    examsessionid = table.Column<int>(type: "integer", nullable: false),
                    nationalvenueid = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    contentsha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    json = table.Column<byte[]>(type: "bytea", nullable: false),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    ackedat = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_packageversions", x => x.id);
                    table.ForeignKey(
                        name: "FK_packageversions_examsessions_examsessionid",
                        column: x => x.examsessionid,
                        principalTable: "examsessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_packageversions_nationalvenues_nationalvenueid",
                        column: x => x.nationalvenueid,
                        principalTable: "nationalvenues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "venuebundles",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    nationalvenueid = table.Column<int>(type: "integer", nullable: false),
                    examsessionid = table.Column<int>(type: "integer", nullable: true),
                    sessioncode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ledgerhead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    reasons = table.Column<string>(type: "text", nullable: false),
                    flags = table.Column<string>(type: "text", nullable: false),
                    seed = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    supersededbyid = table.Column<int>(type: "integer", nullable: true),
                    receivedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venuebundles", x => x.id);
                    table.ForeignKey(
                        name: "FK_venuebundles_examsessions_examsessionid",
                        column: x => x.examsessionid,
                        principalTable: "examsessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_venuebundles_nationalvenues_nationalvenueid",
                        column: x => x.nationalvenueid,
                        principalTable: "nationalvenues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_examsessions_nationalvenueid",
                table: "examsessions",
                column: "nationalvenueid");

            migrationBuilder.CreateIndex(
                name: "IX_formationclosures_formationid",
                table: "formationclosures",
                column: "formationid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_nationalvenues_code",
                table: "nationalvenues",
                column: "code",
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

            migrationBuilder.CreateIndex(
                name: "IX_packageversions_examsessionid_version",
                table: "packageversions",
                columns: new[] { "examsessionid", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_packageversions_nationalvenueid",
                table: "packageversions",
                column: "nationalvenueid");

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

            migrationBuilder.CreateIndex(
                name: "IX_venuebundles_examsessionid_status",
                table: "venuebundles",
                columns: new[] { "examsessionid", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_venuebundles_nationalvenueid_sha256",
                table: "venuebundles",
                columns: new[] { "nationalvenueid", "sha256" });

            migrationBuilder.AddForeignKey(
                name: "FK_examsessions_nationalvenues_nationalvenueid",
                table: "examsessions",
                column: "nationalvenueid",
                principalTable: "nationalvenues",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_examsessions_nationalvenues_nationalvenueid",
                table: "examsessions");

            migrationBuilder.DropTable(
                name: "formationclosures");

            migrationBuilder.DropTable(
                name: "nationalrankingrows");

            migrationBuilder.DropTable(
                name: "optimalisasiplacements");

            migrationBuilder.DropTable(
                name: "packageversions");

            migrationBuilder.DropTable(
                name: "syncoutbox");

            migrationBuilder.DropTable(
                name: "syncpackages");

            migrationBuilder.DropTable(
                name: "venueboards");

            migrationBuilder.DropTable(
                name: "venuebundles");

            migrationBuilder.DropTable(
                name: "nationalrankingruns");

            migrationBuilder.DropTable(
                name: "nationalvenues");

            migrationBuilder.DropIndex(
                name: "IX_examsessions_nationalvenueid",
                table: "examsessions");

            migrationBuilder.DropColumn(
                name: "nationalvenueid",
                table: "examsessions");

            migrationBuilder.DropColumn(
                name: "seedcommitment",
                table: "examsessions");

            migrationBuilder.DropColumn(
                name: "seedcommittedat",
                table: "examsessions");

            migrationBuilder.DropColumn(
                name: "venueeventid",
                table: "answerevents");
        }
    }
}
