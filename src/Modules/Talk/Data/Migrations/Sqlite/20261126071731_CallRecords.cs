using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Calls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CallSid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Recognizer = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    LastStep = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    SpeechTurns = table.Column<int>(type: "INTEGER", nullable: false),
                    KeyTurns = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CallbackRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    CallbackNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CallEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CallRecordId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Confidence = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallEvents_Calls_CallRecordId",
                        column: x => x.CallRecordId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallEvents_CallRecordId",
                table: "CallEvents",
                column: "CallRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_Calls_StartedAtUtc",
                table: "Calls",
                column: "StartedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallEvents");

            migrationBuilder.DropTable(
                name: "Calls");
        }
    }
}
