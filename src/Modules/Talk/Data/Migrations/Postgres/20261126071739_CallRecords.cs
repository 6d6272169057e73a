using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CallRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Calls",
                schema: "talk",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CallSid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Recognizer = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    LastStep = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    SpeechTurns = table.Column<int>(type: "integer", nullable: false),
                    KeyTurns = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    CallbackRequested = table.Column<bool>(type: "boolean", nullable: false),
                    CallbackNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CallEvents",
                schema: "talk",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CallRecordId = table.Column<int>(type: "integer", nullable: false),
                    AtMs = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Confidence = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallEvents_Calls_CallRecordId",
                        column: x => x.CallRecordId,
                        principalSchema: "talk",
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallEvents_CallRecordId",
                schema: "talk",
                table: "CallEvents",
                column: "CallRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_Calls_StartedAtUtc",
                schema: "talk",
                table: "Calls",
                column: "StartedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallEvents",
                schema: "talk");

            migrationBuilder.DropTable(
                name: "Calls",
                schema: "talk");
        }
    }
}
