using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AsnCat.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalCentre : Migration
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
                name: "IX_nationalvenues_code",
                table: "nationalvenues",
                column: "code",
                unique: true);

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
                name: "packageversions");

            migrationBuilder.DropTable(
                name: "venueboards");

            migrationBuilder.DropTable(
                name: "venuebundles");

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
