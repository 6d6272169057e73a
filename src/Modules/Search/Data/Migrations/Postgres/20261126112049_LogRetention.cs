using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LogRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyUsage",
                schema: "search",
                columns: table => new
                {
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Searches = table.Column<long>(type: "bigint", nullable: false),
                    Users = table.Column<long>(type: "bigint", nullable: false),
                    ZeroHits = table.Column<long>(type: "bigint", nullable: false),
                    Clicked = table.Column<long>(type: "bigint", nullable: false),
                    LatencyP95Ms = table.Column<double>(type: "double precision", nullable: true),
                    RowsPruned = table.Column<long>(type: "bigint", nullable: false),
                    SummarizedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "MonthlyUsage",
                schema: "search");
        }
    }
}
