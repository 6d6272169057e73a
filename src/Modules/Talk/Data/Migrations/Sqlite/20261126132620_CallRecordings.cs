using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallRecordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RecordingDeletedAtUtc",
                table: "Calls",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordingFile",
                table: "Calls",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordingDeletedAtUtc",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingFile",
                table: "Calls");
        }
    }
}
