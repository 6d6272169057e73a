using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrgUnitPhone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "OrgUnits",
                type: "TEXT",
                maxLength: 30,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Phone",
                table: "OrgUnits");
        }
    }
}
