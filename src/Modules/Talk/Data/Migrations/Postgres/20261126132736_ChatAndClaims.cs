using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Talk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChatAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatSessions",
                schema: "talk",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Finished = table.Column<bool>(type: "boolean", nullable: false),
                    BusyUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    State = table.Column<string>(type: "text", nullable: false),
                    Transcript = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EligibilityClaims",
                schema: "talk",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    PersonKey = table.Column<string>(type: "character varying(130)", maxLength: 130, nullable: false),
                    BookingId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EligibilityClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EligibilityClaims_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalSchema: "talk",
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatSessions_LastUsedUtc",
                schema: "talk",
                table: "ChatSessions",
                column: "LastUsedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_EligibilityClaims_BookingId",
                schema: "talk",
                table: "EligibilityClaims",
                column: "BookingId");

            migrationBuilder.CreateIndex(
                name: "IX_EligibilityClaims_Kind_FiscalYear_PersonKey",
                schema: "talk",
                table: "EligibilityClaims",
                columns: new[] { "Kind", "FiscalYear", "PersonKey" },
                unique: true);

            migrationBuilder.Sql(ClaimBackfill.Postgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatSessions",
                schema: "talk");

            migrationBuilder.DropTable(
                name: "EligibilityClaims",
                schema: "talk");
        }
    }
}
