using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AssessedCost",
                schema: "budget",
                table: "Requests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Cost",
                schema: "budget",
                table: "Requests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Existing requests get their totals from their lines.
            migrationBuilder.Sql(@"UPDATE budget.""Requests"" SET ""Cost"" = COALESCE((SELECT SUM(l.""Amount"") FROM budget.""Lines"" l WHERE l.""RequestId"" = budget.""Requests"".""Id""), 0), " +
                @"""AssessedCost"" = CASE WHEN ""Status"" >= 40 THEN COALESCE((SELECT SUM(l.""AssessedAmount"") FROM budget.""Lines"" l WHERE l.""RequestId"" = budget.""Requests"".""Id""), 0) END");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Year_Status_ProjectId_Cost_AssessedCost",
                schema: "budget",
                table: "Requests",
                columns: new[] { "Year", "Status", "ProjectId", "Cost", "AssessedCost" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Year_Status_ProjectId_Cost_AssessedCost",
                schema: "budget",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AssessedCost",
                schema: "budget",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Cost",
                schema: "budget",
                table: "Requests");
        }
    }
}
