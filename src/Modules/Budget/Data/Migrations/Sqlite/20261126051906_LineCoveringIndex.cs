using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LineCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Lines_RequestId",
                table: "Lines");

            migrationBuilder.CreateIndex(
                name: "IX_Lines_RequestId_SetsuId_Amount_AssessedAmount",
                table: "Lines",
                columns: new[] { "RequestId", "SetsuId", "Amount", "AssessedAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Lines_RequestId_SetsuId_Amount_AssessedAmount",
                table: "Lines");

            migrationBuilder.CreateIndex(
                name: "IX_Lines_RequestId",
                table: "Lines",
                column: "RequestId");
        }
    }
}
