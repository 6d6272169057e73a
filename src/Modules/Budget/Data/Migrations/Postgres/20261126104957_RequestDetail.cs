using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestDetail : Migration
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
                name: "IX_Entries_RequestId_Kind",
                schema: "budget",
                table: "Entries",
                columns: new[] { "RequestId", "Kind" });

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

            migrationBuilder.AddForeignKey(
                name: "FK_Lines_SubSetsus_SubSetsuId",
                schema: "budget",
                table: "Lines",
                column: "SubSetsuId",
                principalSchema: "budget",
                principalTable: "SubSetsus",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Lines_SubSetsus_SubSetsuId",
                schema: "budget",
                table: "Lines");

            migrationBuilder.DropTable(
                name: "Attachments",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "Entries",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "StageEntries",
                schema: "budget");

            migrationBuilder.DropTable(
                name: "SubSetsus",
                schema: "budget");

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
