using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CrawlSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxSecondsPerFile",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Parallelism",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Schedule",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ScheduleHours",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ScheduleMinuteOfDay",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ThrottleMbPerSecond",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "WatchChanges",
                table: "Sources",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxSecondsPerFile",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Parallelism",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Schedule",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ScheduleHours",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ScheduleMinuteOfDay",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "ThrottleMbPerSecond",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "WatchChanges",
                table: "Sources");
        }
    }
}
