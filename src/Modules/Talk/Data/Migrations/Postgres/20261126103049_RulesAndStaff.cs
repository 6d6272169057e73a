using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RulesAndStaff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                schema: "talk",
                table: "Sessions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowCommuters",
                schema: "talk",
                table: "Services",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                schema: "talk",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ClosesDaysBefore",
                schema: "talk",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ClosesHoursBefore",
                schema: "talk",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                schema: "talk",
                table: "Services",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "OncePerFiscalYear",
                schema: "talk",
                table: "Services",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "OpensDaysBefore",
                schema: "talk",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 28);

            migrationBuilder.AddColumn<string>(
                name: "Residency",
                schema: "talk",
                table: "Services",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "SlotMinutes",
                schema: "talk",
                table: "Services",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "BulkCancellationId",
                schema: "talk",
                table: "Bookings",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CalledBackAtUtc",
                schema: "talk",
                table: "Bookings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalledBackBy",
                schema: "talk",
                table: "Bookings",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                schema: "talk",
                table: "Bookings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledBy",
                schema: "talk",
                table: "Bookings",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonKey",
                schema: "talk",
                table: "Bookings",
                type: "character varying(130)",
                maxLength: 130,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Residency",
                schema: "talk",
                table: "Bookings",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                schema: "talk",
                table: "Bookings",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "BulkCancellations",
                schema: "talk",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Office = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Cancelled = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkCancellations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_BulkCancellationId",
                schema: "talk",
                table: "Bookings",
                column: "BulkCancellationId");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_PersonKey",
                schema: "talk",
                table: "Bookings",
                column: "PersonKey");

            migrationBuilder.CreateIndex(
                name: "IX_BulkCancellations_Date",
                schema: "talk",
                table: "BulkCancellations",
                column: "Date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BulkCancellations",
                schema: "talk");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_BulkCancellationId",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_PersonKey",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "ClosedReason",
                schema: "talk",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "AllowCommuters",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Capacity",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "ClosesDaysBefore",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "ClosesHoursBefore",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Description",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "OncePerFiscalYear",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "OpensDaysBefore",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Residency",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "SlotMinutes",
                schema: "talk",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "BulkCancellationId",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CalledBackAtUtc",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CalledBackBy",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "PersonKey",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Residency",
                schema: "talk",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Version",
                schema: "talk",
                table: "Bookings");
        }
    }
}
