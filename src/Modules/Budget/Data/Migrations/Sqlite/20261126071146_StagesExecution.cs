using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StagesExecution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Decision",
                table: "Lines",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Cycles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cycles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExecutionImports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExecutionImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Executions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    SetsuId = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentBudget = table.Column<long>(type: "INTEGER", nullable: false),
                    Allotted = table.Column<long>(type: "INTEGER", nullable: false),
                    Encumbered = table.Column<long>(type: "INTEGER", nullable: false),
                    Spent = table.Column<long>(type: "INTEGER", nullable: false),
                    Assessed = table.Column<long>(type: "INTEGER", nullable: false),
                    Received = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Executions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Executions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Executions_Setsus_SetsuId",
                        column: x => x.SetsuId,
                        principalTable: "Setsus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Stages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StageAmounts",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    SetsuId = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageAmounts", x => new { x.StageId, x.ProjectId, x.SetsuId });
                    table.ForeignKey(
                        name: "FK_StageAmounts_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAmounts_Setsus_SetsuId",
                        column: x => x.SetsuId,
                        principalTable: "Setsus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAmounts_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageFundings",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cost = table.Column<long>(type: "INTEGER", nullable: false),
                    National = table.Column<long>(type: "INTEGER", nullable: false),
                    Prefectural = table.Column<long>(type: "INTEGER", nullable: false),
                    Bonds = table.Column<long>(type: "INTEGER", nullable: false),
                    OtherSpecific = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageFundings", x => new { x.StageId, x.ProjectId });
                    table.ForeignKey(
                        name: "FK_StageFundings_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageFundings_Stages_StageId",
                        column: x => x.StageId,
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cycles_Year",
                table: "Cycles",
                column: "Year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionImports_Year",
                table: "ExecutionImports",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_ProjectId",
                table: "Executions",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_SetsuId",
                table: "Executions",
                column: "SetsuId");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Year_ProjectId_SetsuId",
                table: "Executions",
                columns: new[] { "Year", "ProjectId", "SetsuId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageAmounts_ProjectId",
                table: "StageAmounts",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_StageAmounts_SetsuId",
                table: "StageAmounts",
                column: "SetsuId");

            migrationBuilder.CreateIndex(
                name: "IX_StageFundings_ProjectId",
                table: "StageFundings",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Stages_Year_Kind_Round",
                table: "Stages",
                columns: new[] { "Year", "Kind", "Round" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Cycles");

            migrationBuilder.DropTable(
                name: "ExecutionImports");

            migrationBuilder.DropTable(
                name: "Executions");

            migrationBuilder.DropTable(
                name: "StageAmounts");

            migrationBuilder.DropTable(
                name: "StageFundings");

            migrationBuilder.DropTable(
                name: "Stages");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "Lines");
        }
    }
}
