using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StagesExecution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Decision",
                schema: "budget",
                table: "Lines",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Cycles",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Policy = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cycles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExecutionImports",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExecutionImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Executions",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    SetsuId = table.Column<int>(type: "integer", nullable: false),
                    CurrentBudget = table.Column<long>(type: "bigint", nullable: false),
                    Allotted = table.Column<long>(type: "bigint", nullable: false),
                    Encumbered = table.Column<long>(type: "bigint", nullable: false),
                    Spent = table.Column<long>(type: "bigint", nullable: false),
                    Assessed = table.Column<long>(type: "bigint", nullable: false),
                    Received = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Executions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Executions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalSchema: "budget",
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Executions_Setsus_SetsuId",
                        column: x => x.SetsuId,
                        principalSchema: "budget",
                        principalTable: "Setsus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Stages",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StageAmounts",
                schema: "budget",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    SetsuId = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageAmounts", x => new { x.StageId, x.ProjectId, x.SetsuId });
                    table.ForeignKey(
                        name: "FK_StageAmounts_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalSchema: "budget",
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAmounts_Setsus_SetsuId",
                        column: x => x.SetsuId,
                        principalSchema: "budget",
                        principalTable: "Setsus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageAmounts_Stages_StageId",
                        column: x => x.StageId,
                        principalSchema: "budget",
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageFundings",
                schema: "budget",
                columns: table => new
                {
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Cost = table.Column<long>(type: "bigint", nullable: false),
                    National = table.Column<long>(type: "bigint", nullable: false),
                    Prefectural = table.Column<long>(type: "bigint", nullable: false),
                    Bonds = table.Column<long>(type: "bigint", nullable: false),
                    OtherSpecific = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageFundings", x => new { x.StageId, x.ProjectId });
                    table.ForeignKey(
                        name: "FK_StageFundings_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalSchema: "budget",
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageFundings_Stages_StageId",
                        column: x => x.StageId,
                        principalSchema: "budget",
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cycles_Year",
                schema: "budget",
                table: "Cycles",
                column: "Year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionImports_Year",
                schema: "budget",
                table: "ExecutionImports",
                column: "Year");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_ProjectId",
                schema: "budget",
                table: "Executions",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_SetsuId",
                schema: "budget",
                table: "Executions",
                column: "SetsuId");

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Year_ProjectId_SetsuId",
                schema: "budget",
                table: "Executions",
                columns: new[] { "Year", "ProjectId", "SetsuId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageAmounts_ProjectId",
                schema: "budget",
                table: "StageAmounts",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_StageAmounts_SetsuId",
                schema: "budget",
                table: "StageAmounts",
                column: "SetsuId");

            migrationBuilder.CreateIndex(
                name: "IX_StageFundings_ProjectId",
                schema: "budget",
                table: "StageFundings",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Stages_Year_Kind_Round",
                schema: "budget",
                table: "Stages",
                columns: new[] { "Year", "Kind", "Round" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Cycles",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "ExecutionImports",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "Executions",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "StageAmounts",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "StageFundings",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "Stages",
                schema: "budget");

            migrationBuilder.DropColumn(
                name: "Decision",
                schema: "budget",
                table: "Lines");
        }
    }
}
