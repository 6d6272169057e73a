using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Restorations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Restorations",
                schema: "budget",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    AssessedAtFiling = table.Column<long>(type: "bigint", nullable: false),
                    GrantedAmount = table.Column<long>(type: "bigint", nullable: true),
                    AnswerComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FiledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FiledAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Restorations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Restorations_Requests_RequestId",
                        column: x => x.RequestId,
                        principalSchema: "budget",
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Restorations_RequestId",
                schema: "budget",
                table: "Restorations",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_Restorations_Year_OrgUnitId_State",
                schema: "budget",
                table: "Restorations",
                columns: new[] { "Year", "OrgUnitId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Restorations",
                schema: "budget");
        }
    }
}
