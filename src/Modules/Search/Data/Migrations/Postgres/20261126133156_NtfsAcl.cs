using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NtfsAcl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AclFile",
                schema: "search",
                table: "Sources",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AclMode",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Acl",
                schema: "search",
                table: "Catalog",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PrincipalMappings",
                schema: "search",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Principal = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: true),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrincipalMappings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrincipalMappings_Principal",
                schema: "search",
                table: "PrincipalMappings",
                column: "Principal");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrincipalMappings",
                schema: "search");

            migrationBuilder.DropColumn(
                name: "AclFile",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "AclMode",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Acl",
                schema: "search",
                table: "Catalog");
        }
    }
}
