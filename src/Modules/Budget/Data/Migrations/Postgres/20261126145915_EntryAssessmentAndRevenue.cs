using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EntryAssessmentAndRevenue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssessComment",
                schema: "budget",
                table: "Entries",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssessedAmount",
                schema: "budget",
                table: "Entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedFromYear",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedToYear",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssessedYearlyAmounts",
                schema: "budget",
                table: "Entries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                schema: "budget",
                table: "Entries",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RevenueRequests",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    MokuId = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    PreviousInitial = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Basis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AssessedAmount = table.Column<long>(type: "bigint", nullable: true),
                    Decision = table.Column<int>(type: "integer", nullable: true),
                    ReviewComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalSchema: "budget",
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Items_MokuId",
                        column: x => x.MokuId,
                        principalSchema: "budget",
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalSchema: "budget",
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StageRevenues",
                schema: "budget",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    RevenueRequestId = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    MokuId = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageRevenues", x => new { x.StageId, x.RevenueRequestId });
                    table.ForeignKey(
                        name: "FK_StageRevenues_Stages_StageId",
                        column: x => x.StageId,
                        principalSchema: "budget",
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevenueLines",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RevenueRequestId = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnitPrice = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<long>(type: "bigint", nullable: false),
                    RatePpm = table.Column<long>(type: "bigint", nullable: false),
                    SecondRatePpm = table.Column<long>(type: "bigint", nullable: false),
                    Formula = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevenueLines_RevenueRequests_RevenueRequestId",
                        column: x => x.RevenueRequestId,
                        principalSchema: "budget",
                        principalTable: "RevenueRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_RevenueRequestId",
                schema: "budget",
                table: "RevenueLines",
                column: "RevenueRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_AccountId",
                schema: "budget",
                table: "RevenueRequests",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_MokuId",
                schema: "budget",
                table: "RevenueRequests",
                column: "MokuId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_ProjectId",
                schema: "budget",
                table: "RevenueRequests",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_Year_MokuId_OrgUnitId_ProjectId",
                schema: "budget",
                table: "RevenueRequests",
                columns: new[] { "Year", "MokuId", "OrgUnitId", "ProjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_Year_OrgUnitId",
                schema: "budget",
                table: "RevenueRequests",
                columns: new[] { "Year", "OrgUnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RevenueLines",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "StageRevenues",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "RevenueRequests",
                schema: "budget");

            migrationBuilder.DropColumn(
                name: "AssessComment",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedAmount",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedFromYear",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedToYear",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedYearlyAmounts",
                schema: "budget",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "Decision",
                schema: "budget",
                table: "Entries");
        }
    }
}
