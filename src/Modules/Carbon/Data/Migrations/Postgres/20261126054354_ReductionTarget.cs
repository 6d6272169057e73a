using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Carbon.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReductionTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TargetBaseYear",
                schema: "carbon",
                table: "Businesses",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "TargetPercentPerYear",
                schema: "carbon",
                table: "Businesses",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TargetBaseYear",
                schema: "carbon",
                table: "Businesses");

            migrationBuilder.DropColumn(
                name: "TargetPercentPerYear",
                schema: "carbon",
                table: "Businesses");
        }
    }
}
