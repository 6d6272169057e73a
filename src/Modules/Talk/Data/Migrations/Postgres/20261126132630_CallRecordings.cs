using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CallRecordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RecordingDeletedAtUtc",
                schema: "talk",
                table: "Calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordingFile",
                schema: "talk",
                table: "Calls",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordingDeletedAtUtc",
                schema: "talk",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingFile",
                schema: "talk",
                table: "Calls");
        }
    }
}
