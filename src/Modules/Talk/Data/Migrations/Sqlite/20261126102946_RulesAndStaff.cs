using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RulesAndStaff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                table: "Sessions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowCommuters",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ClosesDaysBefore",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ClosesHoursBefore",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Services",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "OncePerFiscalYear",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "OpensDaysBefore",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: 28);

            migrationBuilder.AddColumn<string>(
                name: "Residency",
                table: "Services",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "SlotMinutes",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "BulkCancellationId",
                table: "Bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CalledBackAtUtc",
                table: "Bookings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalledBackBy",
                table: "Bookings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "Bookings",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledBy",
                table: "Bookings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonKey",
                table: "Bookings",
                type: "TEXT",
                maxLength: 130,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Residency",
                table: "Bookings",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "BulkCancellations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Cancelled = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkCancellations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_BulkCancellationId",
                table: "Bookings",
                column: "BulkCancellationId");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_PersonKey",
                table: "Bookings",
                column: "PersonKey");

            migrationBuilder.CreateIndex(
                name: "IX_BulkCancellations_Date",
                table: "BulkCancellations",
                column: "Date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulkCancellations");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_BulkCancellationId",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_PersonKey",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "ClosedReason",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "AllowCommuters",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Capacity",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "ClosesDaysBefore",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "ClosesHoursBefore",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "OncePerFiscalYear",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "OpensDaysBefore",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Residency",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "SlotMinutes",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "BulkCancellationId",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CalledBackAtUtc",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CalledBackBy",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "PersonKey",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Residency",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Bookings");
        }
    }
}
