using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Carbon.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccountsScope3Heat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HeatMenuKey",
                schema: "carbon",
                table: "Sites",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Scope3Grams",
                schema: "carbon",
                table: "Runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Category",
                schema: "carbon",
                table: "RunLines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Role",
                schema: "carbon",
                table: "Members",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "owner");

            migrationBuilder.AddColumn<long>(
                name: "CostYen",
                schema: "carbon",
                table: "Lines",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GwpSet",
                schema: "carbon",
                table: "Businesses",
                type: "character varying(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "AR4");

            migrationBuilder.AddColumn<bool>(
                name: "SharesWithCity",
                schema: "carbon",
                table: "Businesses",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "SharesWithCityChangedAtUtc",
                schema: "carbon",
                table: "Businesses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Invitations",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AcceptedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    AcceptedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revoked = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Invitations_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TourItems",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TourId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    KgPerParticipant = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    BaselineKgPerParticipant = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Basis = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TourItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TourItems_Tours_TourId",
                        column: x => x.TourId,
                        principalSchema: "carbon",
                        principalTable: "Tours",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "YearEntries",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    Category = table.Column<int>(type: "integer", nullable: false),
                    FactorKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_YearEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_YearEntries_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_BusinessId",
                schema: "carbon",
                table: "Invitations",
                column: "BusinessId");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_Code",
                schema: "carbon",
                table: "Invitations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TourItems_TourId",
                schema: "carbon",
                table: "TourItems",
                column: "TourId");

            migrationBuilder.CreateIndex(
                name: "IX_YearEntries_BusinessId_FiscalYear",
                schema: "carbon",
                table: "YearEntries",
                columns: new[] { "BusinessId", "FiscalYear" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Invitations",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "TourItems",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "YearEntries",
                schema: "carbon");

            migrationBuilder.DropColumn(
                name: "HeatMenuKey",
                schema: "carbon",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "Scope3Grams",
                schema: "carbon",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Category",
                schema: "carbon",
                table: "RunLines");

            migrationBuilder.DropColumn(
                name: "Role",
                schema: "carbon",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "CostYen",
                schema: "carbon",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "GwpSet",
                schema: "carbon",
                table: "Businesses");

            migrationBuilder.DropColumn(
                name: "SharesWithCity",
                schema: "carbon",
                table: "Businesses");

            migrationBuilder.DropColumn(
                name: "SharesWithCityChangedAtUtc",
                schema: "carbon",
                table: "Businesses");
        }
    }
}
