using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BudgetMore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssessComment",
                table: "Entries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssessedAmount",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedFromYear",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedToYear",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssessedYearlyAmounts",
                table: "Entries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                table: "Entries",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AssessComment",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedAmount",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedFromYear",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedToYear",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedYearlyAmounts",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "Entries");
        }
    }
}
