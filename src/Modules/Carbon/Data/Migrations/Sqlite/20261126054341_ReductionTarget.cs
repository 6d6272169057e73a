using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Carbon.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReductionTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TargetBaseYear",
                table: "Businesses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "TargetPercentPerYear",
                table: "Businesses",
                type: "TEXT",
                precision: 5,
                scale: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TargetBaseYear",
                table: "Businesses");

            migrationBuilder.DropColumn(
                name: "TargetPercentPerYear",
                table: "Businesses");
        }
    }
}
