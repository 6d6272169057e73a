using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AssessedCost",
                table: "Requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Cost",
                table: "Requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Existing requests get their totals from their lines.
            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""Cost"" = COALESCE((SELECT SUM(l.""Amount"") FROM ""Lines"" l WHERE l.""RequestId"" = ""Requests"".""Id""), 0), " +
                @"""AssessedCost"" = CASE WHEN ""Status"" >= 40 THEN COALESCE((SELECT SUM(l.""AssessedAmount"") FROM ""Lines"" l WHERE l.""RequestId"" = ""Requests"".""Id""), 0) END");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Year_Status_ProjectId_Cost_AssessedCost",
                table: "Requests",
                columns: new[] { "Year", "Status", "ProjectId", "Cost", "AssessedCost" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Year_Status_ProjectId_Cost_AssessedCost",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AssessedCost",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Cost",
                table: "Requests");
        }
    }
}
