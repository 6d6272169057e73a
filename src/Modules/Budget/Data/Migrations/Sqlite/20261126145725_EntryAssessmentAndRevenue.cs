using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EntryAssessmentAndRevenue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssessComment",
                table: "Entries",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AssessedAmount",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedFromYear",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AssessedToYear",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssessedYearlyAmounts",
                table: "Entries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RevenueRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    MokuId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviousInitial = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AssessedAmount = table.Column<long>(type: "INTEGER", nullable: true),
                    Decision = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Items_MokuId",
                        column: x => x.MokuId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RevenueRequests_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StageRevenues",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    RevenueRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    MokuId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageRevenues", x => new { x.StageId, x.RevenueRequestId });
                    table.ForeignKey(
                        name: "FK_StageRevenues_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevenueLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RevenueRequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Item = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitPrice = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    RatePpm = table.Column<long>(type: "INTEGER", nullable: false),
                    SecondRatePpm = table.Column<long>(type: "INTEGER", nullable: false),
                    Formula = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RevenueLines_RevenueRequests_RevenueRequestId",
                        column: x => x.RevenueRequestId,
                        principalTable: "RevenueRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_RevenueRequestId",
                table: "RevenueLines",
                column: "RevenueRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_AccountId",
                table: "RevenueRequests",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_MokuId",
                table: "RevenueRequests",
                column: "MokuId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_ProjectId",
                table: "RevenueRequests",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_Year_MokuId_OrgUnitId_ProjectId",
                table: "RevenueRequests",
                columns: new[] { "Year", "MokuId", "OrgUnitId", "ProjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevenueRequests_Year_OrgUnitId",
                table: "RevenueRequests",
                columns: new[] { "Year", "OrgUnitId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RevenueLines");

            migrationBuilder.DropTable(
                name: "StageRevenues");

            migrationBuilder.DropTable(
                name: "RevenueRequests");

            migrationBuilder.DropColumn(
                name: "AssessComment",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedAmount",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedFromYear",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedToYear",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "AssessedYearlyAmounts",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "Entries");
        }
    }
}
