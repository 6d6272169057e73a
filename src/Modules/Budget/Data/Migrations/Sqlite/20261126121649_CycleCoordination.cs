using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CycleCoordination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CeilingPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AdoptedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AdoptedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExaminerAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExaminerAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HearingThreads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineId = table.Column<int>(type: "INTEGER", nullable: true),
                    LineLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Resolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastPostBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastPostAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HearingThreads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HearingThreads_Lines_LineId",
                        column: x => x.LineId,
                        principalTable: "Lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_HearingThreads_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CeilingPlanEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    GeneralFundLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingPlanEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CeilingPlanEntries_CeilingPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "CeilingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CeilingTransfers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: true),
                    FromOrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ToOrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CeilingTransfers_CeilingPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "CeilingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HearingPosts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ThreadId = table.Column<int>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PostedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HearingPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HearingPosts_HearingThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "HearingThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Year_Version_Id",
                table: "Requests",
                columns: new[] { "Year", "Version", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Projects_Version_Id",
                table: "Projects",
                columns: new[] { "Version", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CeilingPlanEntries_PlanId_OrgUnitId",
                table: "CeilingPlanEntries",
                columns: new[] { "PlanId", "OrgUnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CeilingPlans_Year_Name",
                table: "CeilingPlans",
                columns: new[] { "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CeilingTransfers_PlanId",
                table: "CeilingTransfers",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_CeilingTransfers_Year_PlanId",
                table: "CeilingTransfers",
                columns: new[] { "Year", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_ExaminerAssignments_Year_OrgUnitId_UserName",
                table: "ExaminerAssignments",
                columns: new[] { "Year", "OrgUnitId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExaminerAssignments_Year_UserName",
                table: "ExaminerAssignments",
                columns: new[] { "Year", "UserName" });

            migrationBuilder.CreateIndex(
                name: "IX_HearingPosts_ThreadId",
                table: "HearingPosts",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_HearingThreads_LineId",
                table: "HearingThreads",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_HearingThreads_RequestId_Resolved",
                table: "HearingThreads",
                columns: new[] { "RequestId", "Resolved" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CeilingPlanEntries");

            migrationBuilder.DropTable(
                name: "CeilingTransfers");

            migrationBuilder.DropTable(
                name: "ExaminerAssignments");

            migrationBuilder.DropTable(
                name: "HearingPosts");

            migrationBuilder.DropTable(
                name: "CeilingPlans");

            migrationBuilder.DropTable(
                name: "HearingThreads");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Year_Version_Id",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Projects_Version_Id",
                table: "Projects");
        }
    }
}
