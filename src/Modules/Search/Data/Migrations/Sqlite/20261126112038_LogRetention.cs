using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LogRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyUsage",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Searches = table.Column<long>(type: "INTEGER", nullable: false),
                    Users = table.Column<long>(type: "INTEGER", nullable: false),
                    ZeroHits = table.Column<long>(type: "INTEGER", nullable: false),
                    Clicked = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyP95Ms = table.Column<double>(type: "REAL", nullable: true),
                    RowsPruned = table.Column<long>(type: "INTEGER", nullable: false),
                    SummarizedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyUsage", x => x.Month);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyUsage");
        }
    }
}
