using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CrawlSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxSecondsPerFile",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Parallelism",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Schedule",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ScheduleHours",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ScheduleMinuteOfDay",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ThrottleMbPerSecond",
                schema: "search",
                table: "Sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "WatchChanges",
                schema: "search",
                table: "Sources",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxSecondsPerFile",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Parallelism",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Schedule",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ScheduleHours",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ScheduleMinuteOfDay",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ThrottleMbPerSecond",
                schema: "search",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "WatchChanges",
                schema: "search",
                table: "Sources");
        }
    }
}
