using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnswerEventsBySession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The table is rebuilt by hand rather than by EF's SQLite rebuild: EF's turns foreign
            // keys off outside the migration's transaction (a warning at every fresh start, and a
            // half-applied migration if the process dies then). Nothing refers to AnswerEvents,
            // so dropping it with foreign keys on is safe, and all of it is one transaction. Every
            // event already logged is given its attempt's session on the way.
            migrationBuilder.Sql(
                """
                CREATE TABLE "ef_temp_AnswerEvents" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AnswerEvents" PRIMARY KEY AUTOINCREMENT,
                    "At" INTEGER NOT NULL,
                    "AttemptId" INTEGER NOT NULL,
                    "Doubtful" INTEGER NOT NULL,
                    "ExamSessionId" INTEGER NOT NULL,
                    "Kind" TEXT NOT NULL,
                    "Option" INTEGER NULL,
                    "Position" INTEGER NOT NULL,
                    "Seq" INTEGER NOT NULL,
                    CONSTRAINT "CK_AnswerEvents_Option" CHECK ("Option" IS NULL OR "Option" BETWEEN 0 AND 4),
                    CONSTRAINT "CK_AnswerEvents_Position" CHECK ("Position" >= 0)
                );
                INSERT INTO "ef_temp_AnswerEvents" ("Id", "At", "AttemptId", "Doubtful", "ExamSessionId", "Kind", "Option", "Position", "Seq")
                SELECT e."Id", e."At", e."AttemptId", e."Doubtful", a."ExamSessionId", e."Kind", e."Option", e."Position", e."Seq"
                FROM "AnswerEvents" e JOIN "Attempts" a ON a."Id" = e."AttemptId";
                DROP TABLE "AnswerEvents";
                ALTER TABLE "ef_temp_AnswerEvents" RENAME TO "AnswerEvents";
                CREATE INDEX "IX_AnswerEvents_ExamSessionId_Id" ON "AnswerEvents" ("ExamSessionId", "Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnswerEvents_ExamSessionId_Id",
                table: "AnswerEvents");

            migrationBuilder.DropColumn(
                name: "ExamSessionId",
                table: "AnswerEvents");

            migrationBuilder.CreateIndex(
                name: "IX_AnswerEvents_AttemptId_Id",
                table: "AnswerEvents",
                columns: new[] { "AttemptId", "Id" });

            migrationBuilder.AddForeignKey(
                name: "FK_AnswerEvents_Attempts_AttemptId",
                table: "AnswerEvents",
                column: "AttemptId",
                principalTable: "Attempts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
