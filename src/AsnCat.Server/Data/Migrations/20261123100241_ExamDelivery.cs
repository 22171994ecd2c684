using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExamDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PausedAt",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StartedAt",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedBy",
                table: "Attempts",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TokenHash",
                table: "Attempts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DoubtfulSeq",
                table: "Answers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "AnswerEvents",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ServerHeartbeats",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerHeartbeats", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_TokenHash",
                table: "Attempts",
                column: "TokenHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServerHeartbeats");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_TokenHash",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "StartedAt",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "EndedBy",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "TokenHash",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "DoubtfulSeq",
                table: "Answers");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "AnswerEvents");
        }
    }
}
