using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NtfsAcl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AclFile",
                table: "Sources",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AclMode",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Acl",
                table: "Catalog",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PrincipalMappings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Principal = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrincipalMappings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrincipalMappings_Principal",
                table: "PrincipalMappings",
                column: "Principal");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrincipalMappings");

            migrationBuilder.DropColumn(
                name: "AclFile",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "AclMode",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Acl",
                table: "Catalog");
        }
    }
}
