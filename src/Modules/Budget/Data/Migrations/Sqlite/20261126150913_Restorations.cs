using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Budget.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Restorations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Restorations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessedAtFiling = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantedAmount = table.Column<long>(type: "INTEGER", nullable: true),
                    AnswerComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FiledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FiledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AnsweredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Restorations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Restorations_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Restorations_RequestId",
                table: "Restorations",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_Restorations_Year_OrgUnitId_State",
                table: "Restorations",
                columns: new[] { "Year", "OrgUnitId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Restorations");
        }
    }
}
