using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Search.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "search");

            migrationBuilder.CreateTable(
                name: "Sources",
                schema: "search",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RootPath = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwnerOrgUnitId = table.Column<int>(type: "integer", nullable: true),
                    Visibility = table.Column<int>(type: "integer", nullable: false),
                    MaxFileBytes = table.Column<long>(type: "bigint", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Catalog",
                schema: "search",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    RelativePath = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Extension = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IsFolder = table.Column<bool>(type: "boolean", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OwnerUid = table.Column<long>(type: "bigint", nullable: true),
                    GroupGid = table.Column<long>(type: "bigint", nullable: true),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    IndexedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenCrawlId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Catalog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Catalog_Sources_SourceId",
                        column: x => x.SourceId,
                        principalSchema: "search",
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrawlRuns",
                schema: "search",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Seen = table.Column<long>(type: "bigint", nullable: false),
                    Indexed = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    Failed = table.Column<long>(type: "bigint", nullable: false),
                    Removed = table.Column<long>(type: "bigint", nullable: false),
                    Moved = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrawlRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrawlRuns_Sources_SourceId",
                        column: x => x.SourceId,
                        principalSchema: "search",
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GroupMappings",
                schema: "search",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    Gid = table.Column<long>(type: "bigint", nullable: false),
                    OrgUnitId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GroupMappings_Sources_SourceId",
                        column: x => x.SourceId,
                        principalSchema: "search",
                        principalTable: "Sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Catalog_SourceId_ContentHash",
                schema: "search",
                table: "Catalog",
                columns: new[] { "SourceId", "ContentHash" });

            migrationBuilder.CreateIndex(
                name: "IX_Catalog_SourceId_LastSeenCrawlId",
                schema: "search",
                table: "Catalog",
                columns: new[] { "SourceId", "LastSeenCrawlId" });

            migrationBuilder.CreateIndex(
                name: "IX_Catalog_SourceId_RelativePath",
                schema: "search",
                table: "Catalog",
                columns: new[] { "SourceId", "RelativePath" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Catalog_SourceId_Status",
                schema: "search",
                table: "Catalog",
                columns: new[] { "SourceId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CrawlRuns_SourceId_StartedAtUtc",
                schema: "search",
                table: "CrawlRuns",
                columns: new[] { "SourceId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_GroupMappings_SourceId_Gid_OrgUnitId",
                schema: "search",
                table: "GroupMappings",
                columns: new[] { "SourceId", "Gid", "OrgUnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sources_Name",
                schema: "search",
                table: "Sources",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Catalog",
                schema: "search");

            migrationBuilder.DropTable(
                name: "CrawlRuns",
                schema: "search");

            migrationBuilder.DropTable(
                name: "GroupMappings",
                schema: "search");

            migrationBuilder.DropTable(
                name: "Sources",
                schema: "search");
        }
    }
}
