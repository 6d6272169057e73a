using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LineCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Lines_RequestId",
                schema: "budget",
                table: "Lines");

            migrationBuilder.CreateIndex(
                name: "IX_Lines_RequestId_SetsuId_Amount_AssessedAmount",
                schema: "budget",
                table: "Lines",
                columns: new[] { "RequestId", "SetsuId", "Amount", "AssessedAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Lines_RequestId_SetsuId_Amount_AssessedAmount",
                schema: "budget",
                table: "Lines");

            migrationBuilder.CreateIndex(
                name: "IX_Lines_RequestId",
                schema: "budget",
                table: "Lines",
                column: "RequestId");
        }
    }
}
