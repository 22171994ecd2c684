using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BlueprintSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Yaml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlueprintSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Formations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Agency = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Position = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Quota = table.Column<int>(type: "INTEGER", nullable: false),
                    Education = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Formations", x => x.Id);
                    table.CheckConstraint("CK_Formations_Quota", "\"Quota\" > 0");
                });

            migrationBuilder.CreateTable(
                name: "BankVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    BlueprintCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BlueprintSnapshotId = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Locked = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BankVersions_BlueprintSnapshots_BlueprintSnapshotId",
                        column: x => x.BlueprintSnapshotId,
                        principalTable: "BlueprintSnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Candidates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParticipantNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Nik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FormationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ExtraMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    LargeFont = table.Column<bool>(type: "INTEGER", nullable: false),
                    ScreenReader = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Candidates", x => x.Id);
                    table.CheckConstraint("CK_Candidates_ExtraMinutes", "\"ExtraMinutes\" >= 0");
                    table.CheckConstraint("CK_Candidates_Nik", "length(\"Nik\") = 16 AND \"Nik\" NOT GLOB '*[^0-9]*'");
                    table.ForeignKey(
                        name: "FK_Candidates_Formations_FormationId",
                        column: x => x.FormationId,
                        principalTable: "Formations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BankImages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BankImages_BankVersions_BankVersionId",
                        column: x => x.BankVersionId,
                        principalTable: "BankVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BankItems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subtest = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Subtopic = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Difficulty = table.Column<string>(type: "TEXT", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Answer = table.Column<int>(type: "INTEGER", nullable: true),
                    Weights = table.Column<string>(type: "TEXT", nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", nullable: true),
                    SourceFile = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankItems", x => x.Id);
                    table.CheckConstraint("CK_BankItems_Answer", "\"Answer\" IS NULL OR \"Answer\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_BankItems_Secret", "(\"Answer\" IS NULL) <> (\"Weights\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_BankItems_BankVersions_BankVersionId",
                        column: x => x.BankVersionId,
                        principalTable: "BankVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExamSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Venue = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BlueprintCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BlueprintSnapshotId = table.Column<int>(type: "INTEGER", nullable: false),
                    BankVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ThresholdSetCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Seed = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExamSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExamSessions_BankVersions_BankVersionId",
                        column: x => x.BankVersionId,
                        principalTable: "BankVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExamSessions_BlueprintSnapshots_BlueprintSnapshotId",
                        column: x => x.BlueprintSnapshotId,
                        principalTable: "BlueprintSnapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Attempts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExamSessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateId = table.Column<int>(type: "INTEGER", nullable: false),
                    PinHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FailedPinCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SetText = table.Column<string>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: true),
                    ExtraMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Scores = table.Column<string>(type: "TEXT", nullable: true),
                    Total = table.Column<int>(type: "INTEGER", nullable: true),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: true),
                    TerminalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ConnectionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attempts", x => x.Id);
                    table.CheckConstraint("CK_Attempts_ExtraMinutes", "\"ExtraMinutes\" >= 0");
                    table.CheckConstraint("CK_Attempts_FailedPinCount", "\"FailedPinCount\" >= 0");
                    table.ForeignKey(
                        name: "FK_Attempts_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Attempts_ExamSessions_ExamSessionId",
                        column: x => x.ExamSessionId,
                        principalTable: "ExamSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AnswerEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Option = table.Column<int>(type: "INTEGER", nullable: true),
                    Doubtful = table.Column<bool>(type: "INTEGER", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnswerEvents", x => x.Id);
                    table.CheckConstraint("CK_AnswerEvents_Option", "\"Option\" IS NULL OR \"Option\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_AnswerEvents_Position", "\"Position\" >= 0");
                    table.ForeignKey(
                        name: "FK_AnswerEvents_Attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "Attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Answers",
                columns: table => new
                {
                    AttemptId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Option = table.Column<int>(type: "INTEGER", nullable: true),
                    Doubtful = table.Column<bool>(type: "INTEGER", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Answers", x => new { x.AttemptId, x.Position });
                    table.CheckConstraint("CK_Answers_Option", "\"Option\" IS NULL OR \"Option\" BETWEEN 0 AND 4");
                    table.CheckConstraint("CK_Answers_Position", "\"Position\" >= 0");
                    table.ForeignKey(
                        name: "FK_Answers_Attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "Attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnswerEvents_AttemptId_Id",
                table: "AnswerEvents",
                columns: new[] { "AttemptId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_CandidateId",
                table: "Attempts",
                column: "CandidateId");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_ExamSessionId_CandidateId",
                table: "Attempts",
                columns: new[] { "ExamSessionId", "CandidateId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_ExamSessionId_State",
                table: "Attempts",
                columns: new[] { "ExamSessionId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject",
                table: "AuditEntries",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_BankImages_BankVersionId_Path",
                table: "BankImages",
                columns: new[] { "BankVersionId", "Path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BankItems_BankVersionId_ItemId",
                table: "BankItems",
                columns: new[] { "BankVersionId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BankItems_BankVersionId_Ordinal",
                table: "BankItems",
                columns: new[] { "BankVersionId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BankVersions_BlueprintSnapshotId",
                table: "BankVersions",
                column: "BlueprintSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_BankVersions_Code",
                table: "BankVersions",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_BankVersions_Hash",
                table: "BankVersions",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BlueprintSnapshots_Code",
                table: "BlueprintSnapshots",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_BlueprintSnapshots_Hash",
                table: "BlueprintSnapshots",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_FormationId",
                table: "Candidates",
                column: "FormationId");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_ParticipantNumber",
                table: "Candidates",
                column: "ParticipantNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_BankVersionId",
                table: "ExamSessions",
                column: "BankVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_BlueprintSnapshotId",
                table: "ExamSessions",
                column: "BlueprintSnapshotId");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_Code",
                table: "ExamSessions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_StartsAt",
                table: "ExamSessions",
                column: "StartsAt");

            migrationBuilder.CreateIndex(
                name: "IX_ExamSessions_State",
                table: "ExamSessions",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_Formations_Code",
                table: "Formations",
                column: "Code",
                unique: true);

            // A bank version used by an exam session is locked: it, its items and its images can no
            // longer change (names in Data/Configurations/LockTriggers.cs).
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankVersions_Locked_Update" BEFORE UPDATE ON "BankVersions"
                WHEN OLD."Locked" = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankVersions_Locked_Delete" BEFORE DELETE ON "BankVersions"
                WHEN OLD."Locked" = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankItems_Locked_Insert" BEFORE INSERT ON "BankItems"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = NEW."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankItems_Locked_Update" BEFORE UPDATE ON "BankItems"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = OLD."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankItems_Locked_Delete" BEFORE DELETE ON "BankItems"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = OLD."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankImages_Locked_Insert" BEFORE INSERT ON "BankImages"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = NEW."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankImages_Locked_Update" BEFORE UPDATE ON "BankImages"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = OLD."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_BankImages_Locked_Delete" BEFORE DELETE ON "BankImages"
                WHEN (SELECT "Locked" FROM "BankVersions" WHERE "Id" = OLD."BankVersionId") = 1
                BEGIN SELECT RAISE(ABORT, 'bank version is locked'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnswerEvents");

            migrationBuilder.DropTable(
                name: "Answers");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BankImages");

            migrationBuilder.DropTable(
                name: "BankItems");

            migrationBuilder.DropTable(
                name: "Attempts");

            migrationBuilder.DropTable(
                name: "Candidates");

            migrationBuilder.DropTable(
                name: "ExamSessions");

            migrationBuilder.DropTable(
                name: "Formations");

            migrationBuilder.DropTable(
                name: "BankVersions");

            migrationBuilder.DropTable(
                name: "BlueprintSnapshots");
        }
    }
}
