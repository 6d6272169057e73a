using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrgUnitPhone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Phone",
                schema: "platform",
                table: "OrgUnits",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Phone",
                schema: "platform",
                table: "OrgUnits");
        }
    }
}
