using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class National : Migration
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
                name: "FormationClosures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Forced = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PendingSessions = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormationClosures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FormationClosures_Formations_FormationId",
                        column: x => x.FormationId,
                        principalTable: "Formations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NationalRankingRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RunBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Formations = table.Column<int>(type: "INTEGER", nullable: false),
                    FinalFormations = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalRankingRuns", x => x.Id);
                });

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
                name: "OptimalisasiPlacements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateId = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OptimalisasiPlacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OptimalisasiPlacements_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OptimalisasiPlacements_Formations_FormationId",
                        column: x => x.FormationId,
                        principalTable: "Formations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SyncOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SessionCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payload = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Tries = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReceiptStatus = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReceiptReasons = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SyncPackages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Refusals = table.Column<string>(type: "TEXT", nullable: true),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AckedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncPackages", x => x.Id);
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
                name: "NationalRankingRows",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    FormationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateId = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: true),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Advances = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: true),
                    Scores = table.Column<string>(type: "TEXT", nullable: true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    FinishedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Final = table.Column<bool>(type: "INTEGER", nullable: false),
                    FromFormationId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalRankingRows", x => new { x.RunId, x.FormationId, x.CandidateId });
                    table.ForeignKey(
                        name: "FK_NationalRankingRows_NationalRankingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "NationalRankingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "IX_FormationClosures_FormationId",
                table: "FormationClosures",
                column: "FormationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NationalVenues_Code",
                table: "NationalVenues",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OptimalisasiPlacements_CandidateId",
                table: "OptimalisasiPlacements",
                column: "CandidateId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OptimalisasiPlacements_FormationId",
                table: "OptimalisasiPlacements",
                column: "FormationId");

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
                name: "IX_SyncOutbox_Kind_Sha256",
                table: "SyncOutbox",
                columns: new[] { "Kind", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncOutbox_SentAt_Id",
                table: "SyncOutbox",
                columns: new[] { "SentAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncPackages_SessionCode_Version_Sha256",
                table: "SyncPackages",
                columns: new[] { "SessionCode", "Version", "Sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VenueBundles_ExamSessionId_Status",
                table: "VenueBundles",
                columns: new[] { "ExamSessionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_VenueBundles_NationalVenueId_Sha256",
                table: "VenueBundles",
                columns: new[] { "NationalVenueId", "Sha256" });

            // No foreign key from ExamSessions.NationalVenueId on SQLite: SQLite adds one only by
            // rebuilding the table, and dropping the old ExamSessions inside a migration's
            // transaction (where foreign_keys cannot be switched off) would delete every attempt
            // that references it. The column is only ever set at a centre (PostgreSQL, which has
            // the constraint); the model keeps the relationship for queries.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FormationClosures");

            migrationBuilder.DropTable(
                name: "NationalRankingRows");

            migrationBuilder.DropTable(
                name: "OptimalisasiPlacements");

            migrationBuilder.DropTable(
                name: "PackageVersions");

            migrationBuilder.DropTable(
                name: "SyncOutbox");

            migrationBuilder.DropTable(
                name: "SyncPackages");

            migrationBuilder.DropTable(
                name: "VenueBoards");

            migrationBuilder.DropTable(
                name: "VenueBundles");

            migrationBuilder.DropTable(
                name: "NationalRankingRuns");

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
