using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Carbon.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "carbon");

            migrationBuilder.CreateTable(
                name: "Businesses",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IndustryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Ward = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Employees = table.Column<int>(type: "integer", nullable: false),
                    FloorAreaM2 = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    AnnualSalesYen = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Businesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FactorSets",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TargetFiscalYear = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FactorSets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Members_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sites",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ElectricityMenuKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sites_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tours",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    Nights = table.Column<int>(type: "integer", nullable: false),
                    HotelKgPerNight = table.Column<decimal>(type: "numeric(18,6)", precision: 18, scale: 6, nullable: true),
                    IsExpo = table.Column<bool>(type: "boolean", nullable: false),
                    IsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tours_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Factors",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FactorSetId = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Value = table.Column<decimal>(type: "numeric(24,12)", precision: 24, scale: 12, nullable: true),
                    FiscalYear = table.Column<int>(type: "integer", nullable: true),
                    SourceUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    PublishedOn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Verified = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Factors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Factors_FactorSets_FactorSetId",
                        column: x => x.FactorSetId,
                        principalSchema: "carbon",
                        principalTable: "FactorSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BusinessId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    FactorSetId = table.Column<int>(type: "integer", nullable: false),
                    FactorSetLabel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Provisional = table.Column<bool>(type: "boolean", nullable: false),
                    CalculatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CalculatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Scope1Grams = table.Column<long>(type: "bigint", nullable: false),
                    Scope2LocationGrams = table.Column<long>(type: "bigint", nullable: false),
                    Scope2MarketGrams = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Runs_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalSchema: "carbon",
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Runs_FactorSets_FactorSetId",
                        column: x => x.FactorSetId,
                        principalSchema: "carbon",
                        principalTable: "FactorSets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Sheets",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sheets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sheets_Sites_SiteId",
                        column: x => x.SiteId,
                        principalSchema: "carbon",
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TourLegs",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TourId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ModeKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    BaselineModeKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    DistanceKm = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TourLegs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TourLegs_Tours_TourId",
                        column: x => x.TourId,
                        principalSchema: "carbon",
                        principalTable: "Tours",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunLines",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CalculationRunId = table.Column<int>(type: "integer", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    ActivityKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(28,12)", precision: 28, scale: 12, nullable: false),
                    FactorKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FactorValue = table.Column<decimal>(type: "numeric(24,12)", precision: 24, scale: 12, nullable: false),
                    Grams = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunLines_Runs_CalculationRunId",
                        column: x => x.CalculationRunId,
                        principalSchema: "carbon",
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Lines",
                schema: "carbon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivitySheetId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    ActivityKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Lines_Sheets_ActivitySheetId",
                        column: x => x.ActivitySheetId,
                        principalSchema: "carbon",
                        principalTable: "Sheets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Factors_FactorSetId_Key",
                schema: "carbon",
                table: "Factors",
                columns: new[] { "FactorSetId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Lines_ActivitySheetId_Month_ActivityKey",
                schema: "carbon",
                table: "Lines",
                columns: new[] { "ActivitySheetId", "Month", "ActivityKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_BusinessId_UserName",
                schema: "carbon",
                table: "Members",
                columns: new[] { "BusinessId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_UserName",
                schema: "carbon",
                table: "Members",
                column: "UserName");

            migrationBuilder.CreateIndex(
                name: "IX_RunLines_CalculationRunId",
                schema: "carbon",
                table: "RunLines",
                column: "CalculationRunId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_BusinessId_FiscalYear_Id",
                schema: "carbon",
                table: "Runs",
                columns: new[] { "BusinessId", "FiscalYear", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FactorSetId",
                schema: "carbon",
                table: "Runs",
                column: "FactorSetId");

            migrationBuilder.CreateIndex(
                name: "IX_Sheets_SiteId_FiscalYear",
                schema: "carbon",
                table: "Sheets",
                columns: new[] { "SiteId", "FiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sites_BusinessId_Name",
                schema: "carbon",
                table: "Sites",
                columns: new[] { "BusinessId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TourLegs_TourId",
                schema: "carbon",
                table: "TourLegs",
                column: "TourId");

            migrationBuilder.CreateIndex(
                name: "IX_Tours_BusinessId",
                schema: "carbon",
                table: "Tours",
                column: "BusinessId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Factors",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Lines",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Members",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "RunLines",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "TourLegs",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Sheets",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Runs",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Tours",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Sites",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "FactorSets",
                schema: "carbon");

            migrationBuilder.DropTable(
                name: "Businesses",
                schema: "carbon");
        }
    }
}
