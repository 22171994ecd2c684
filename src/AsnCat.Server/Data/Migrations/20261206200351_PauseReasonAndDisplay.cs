using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AsnCat.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class PauseReasonAndDisplay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "ExamSessions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FontStep",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HighContrast",
                table: "Attempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "LastPosition",
                table: "Attempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "Attempts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "ExamSessions");

            migrationBuilder.DropColumn(
                name: "FontStep",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "HighContrast",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "LastPosition",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "Attempts");
        }
    }
}
