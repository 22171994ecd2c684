using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <summary>
    /// Every answer event already logged belongs to its attempt's session. A migration of its own:
    /// the previous one rebuilds the table (SQLite drops a foreign key that way), and SQL run while
    /// a rebuild is pending may see the table half-made.
    /// </summary>
    public partial class AnswerEventsSessionBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """UPDATE "AnswerEvents" SET "ExamSessionId" = (SELECT a."ExamSessionId" FROM "Attempts" a WHERE a."Id" = "AnswerEvents"."AttemptId") WHERE "ExamSessionId" = 0;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
