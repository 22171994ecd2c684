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
            migrationBuilder.DropForeignKey(
                name: "FK_AnswerEvents_Attempts_AttemptId",
                table: "AnswerEvents");

            migrationBuilder.DropIndex(
                name: "IX_AnswerEvents_AttemptId_Id",
                table: "AnswerEvents");

            migrationBuilder.AddColumn<int>(
                name: "ExamSessionId",
                table: "AnswerEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_AnswerEvents_ExamSessionId_Id",
                table: "AnswerEvents",
                columns: new[] { "ExamSessionId", "Id" });

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
