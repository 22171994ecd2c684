using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitteeConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndedAt",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Room",
                table: "ExamSessions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Seats",
                table: "ExamSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Seat",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "Room",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "Seats",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Seat",
                table: "Attempts");
        }
    }
}
