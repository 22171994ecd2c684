using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class NationalCentre : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "NationalVenueId",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeedCommitment",
                table: "ExamSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SeedCommittedAt",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "VenueEventId",
                table: "AnswerEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NationalVenues",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CredentialHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnrolmentCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnrolmentExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EnrolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ProgressSeq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalVenues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VenueBoards",
                columns: table => new
                {
                    ExamSessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    BuiltAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VenueBoards", x => x.ExamSessionId);
                    table.ForeignKey(
                        name: "FK_VenueBoards_ExamSessions_ExamSessionId",
                        column: x => x.ExamSessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PackageVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExamSessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    NationalVenueId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AckedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackageVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackageVersions_ExamSessions_ExamSessionId",
                        column: x => x.ExamSessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PackageVersions_NationalVenues_NationalVenueId",
                        column: x => x.NationalVenueId,
                        principalTable: "NationalVenues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VenueBundles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NationalVenueId = table.Column<int>(type: "INTEGER", nullable: false),
                    ExamSessionId = table.Column<int>(type: "INTEGER", nullable: true),
                    SessionCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LedgerHead = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", nullable: false),
                    Flags = table.Column<string>(type: "TEXT", nullable: false),
                    Seed = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Path = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SupersededById = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VenueBundles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VenueBundles_ExamSessions_ExamSessionId",
                        column: x => x.ExamSessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VenueBundles_NationalVenues_NationalVenueId",
                        column: x => x.NationalVenueId,
                        principalTable: "NationalVenues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_NationalVenueId",
                table: "ExamSessions",
                column: "NationalVenueId");

            migrationBuilder.CreateIndex(
                name: "IX_NationalVenues_Code",
                table: "NationalVenues",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PackageVersions_ExamSessionId_Version",
                table: "PackageVersions",
                columns: new[] { "ExamSessionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PackageVersions_NationalVenueId",
                table: "PackageVersions",
                column: "NationalVenueId");

            migrationBuilder.CreateIndex(
                name: "IX_VenueBundles_ExamSessionId_Status",
                table: "VenueBundles",
                columns: new[] { "ExamSessionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_VenueBundles_NationalVenueId_Sha256",
                table: "VenueBundles",
                columns: new[] { "NationalVenueId", "Sha256" });

            migrationBuilder.AddForeignKey(
                name: "FK_ExamSessions_NationalVenues_NationalVenueId",
                table: "ExamSessions",
                column: "NationalVenueId",
                principalTable: "NationalVenues",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ExamSessions_NationalVenues_NationalVenueId",
                table: "ExamSessions");

            migrationBuilder.DropTable(
                name: "PackageVersions");

            migrationBuilder.DropTable(
                name: "VenueBoards");

            migrationBuilder.DropTable(
                name: "VenueBundles");

            migrationBuilder.DropTable(
                name: "NationalVenues");

            migrationBuilder.DropIndex(
                name: "IX_ExamSessions_NationalVenueId",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "NationalVenueId",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "SeedCommitment",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "SeedCommittedAt",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "VenueEventId",
                table: "AnswerEvents");
        }
    }
}
