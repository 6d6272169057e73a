using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BudgetMore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssessComment",
                schema: "budget",
                table: "Entries",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssessedAmount",
                schema: "budget",
                table: "Entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedFromYear",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedToYear",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssessedYearlyAmounts",
                schema: "budget",
                table: "Entries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AssessComment",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedAmount",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedFromYear",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedToYear",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedYearlyAmounts",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "Decision",
                schema: "budget",
                table: "Entries");
        }
    }
}
