using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestDetailAndCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SubSetsuId",
                schema: "budget",
                table: "Lines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SubsidyAmount",
                schema: "budget",
                table: "Lines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "SubsidyDenominator",
                schema: "budget",
                table: "Lines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SubsidyNumerator",
                schema: "budget",
                table: "Lines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SubsidySource",
                schema: "budget",
                table: "Lines",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Attachments",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Attachments_Requests_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "budget",
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CeilingPlans",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AdoptedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AdoptedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Entries",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    FromYear = table.Column<int>(type: "integer", nullable: true),
                    ToYear = table.Column<int>(type: "integer", nullable: true),
                    YearlyAmounts = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Funding = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    InterestRate = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Repayment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Entries_Requests_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "budget",
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ExaminerAssignments",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExaminerAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HearingThreads",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    LineId = table.Column<int>(type: "integer", nullable: true),
                    LineLabel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Resolved = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastPostBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LastPostAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ResolvedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HearingThreads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HearingThreads_Lines_LineId",
                        column: x => x.LineId,
                        principalSchema: "budget",
                        principalTable: "Lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_HearingThreads_Requests_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "budget",
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageEntries",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StageId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    FromYear = table.Column<int>(type: "integer", nullable: true),
                    ToYear = table.Column<int>(type: "integer", nullable: true),
                    YearlyAmounts = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Funding = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    InterestRate = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Repayment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageEntries_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalSchema: "budget",
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StageEntries_Stages_StageId",
                        column: x => x.StageId,
                        principalSchema: "budget",
                        principalTable: "Stages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubSetsus",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SetsuId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    FromYear = table.Column<int>(type: "integer", nullable: false),
                    ToYear = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubSetsus", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubSetsus_Setsus_SetsuId",
                        column: x => x.SetsuId,
                        principalSchema: "budget",
                        principalTable: "Setsus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CeilingPlanEntries",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlanId = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    GeneralFundLimit = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingPlanEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CeilingPlanEntries_CeilingPlans_PlanId",
                        column: x => x.PlanId,
                        principalSchema: "budget",
                        principalTable: "CeilingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CeilingTransfers",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PlanId = table.Column<int>(type: "integer", nullable: true),
                    FromOrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    ToOrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    By = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CeilingTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CeilingTransfers_CeilingPlans_PlanId",
                        column: x => x.PlanId,
                        principalSchema: "budget",
                        principalTable: "CeilingPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HearingPosts",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ThreadId = table.Column<int>(type: "integer", nullable: false),
                    Author = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    PostedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HearingPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HearingPosts_HearingThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalSchema: "budget",
                        principalTable: "HearingThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Year_Version_Id",
                schema: "budget",
                table: "Requests",
                columns: new[] { "Year", "Version", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Projects_Version_Id",
                schema: "budget",
                table: "Projects",
                columns: new[] { "Version", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Lines_SubSetsuId",
                schema: "budget",
                table: "Lines",
                column: "SubSetsuId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_RequestId",
                schema: "budget",
                table: "Attachments",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_Sha256",
                schema: "budget",
                table: "Attachments",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_CeilingPlanEntries_PlanId_OrgUnitId",
                schema: "budget",
                table: "CeilingPlanEntries",
                columns: new[] { "PlanId", "OrgUnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CeilingPlans_Year_Name",
                schema: "budget",
                table: "CeilingPlans",
                columns: new[] { "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CeilingTransfers_PlanId",
                schema: "budget",
                table: "CeilingTransfers",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_CeilingTransfers_Year_PlanId",
                schema: "budget",
                table: "CeilingTransfers",
                columns: new[] { "Year", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_RequestId_Kind",
                schema: "budget",
                table: "Entries",
                columns: new[] { "RequestId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ExaminerAssignments_Year_OrgUnitId_UserName",
                schema: "budget",
                table: "ExaminerAssignments",
                columns: new[] { "Year", "OrgUnitId", "UserName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExaminerAssignments_Year_UserName",
                schema: "budget",
                table: "ExaminerAssignments",
                columns: new[] { "Year", "UserName" });

            migrationBuilder.CreateIndex(
                name: "IX_HearingPosts_ThreadId",
                schema: "budget",
                table: "HearingPosts",
                column: "ThreadId");

            migrationBuilder.CreateIndex(
                name: "IX_HearingThreads_LineId",
                schema: "budget",
                table: "HearingThreads",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_HearingThreads_RequestId_Resolved",
                schema: "budget",
                table: "HearingThreads",
                columns: new[] { "RequestId", "Resolved" });

            migrationBuilder.CreateIndex(
                name: "IX_StageEntries_ProjectId",
                schema: "budget",
                table: "StageEntries",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_StageEntries_StageId_Kind",
                schema: "budget",
                table: "StageEntries",
                columns: new[] { "StageId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_SubSetsus_SetsuId_Code_FromYear",
                schema: "budget",
                table: "SubSetsus",
                columns: new[] { "SetsuId", "Code", "FromYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Attachments",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "CeilingPlanEntries",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "CeilingTransfers",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "Entries",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "ExaminerAssignments",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "HearingPosts",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "StageEntries",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "SubSetsus",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "CeilingPlans",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "HearingThreads",
                schema: "budget");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Year_Version_Id",
                schema: "budget",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Projects_Version_Id",
                schema: "budget",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Lines_SubSetsuId",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "SubSetsuId",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "SubsidyAmount",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "SubsidyDenominator",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "SubsidyNumerator",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropColumn(
                name: "SubsidySource",
                schema: "budget",
                table: "Lines");
        }
    }
}
