using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OsakaDx.Modules.Insight.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Datasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Datasets",
                schema: "insight",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerOrgUnitId = table.Column<int>(type: "integer", nullable: false),
                    SourceUpdatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SharedOrgUnitIds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ColumnsJson = table.Column<string>(type: "text", nullable: false),
                    K = table.Column<int>(type: "integer", nullable: false),
                    L = table.Column<int>(type: "integer", nullable: false),
                    SuppressionLimit = table.Column<double>(type: "double precision", nullable: false),
                    CellThreshold = table.Column<int>(type: "integer", nullable: false),
                    CurrentUploadId = table.Column<int>(type: "integer", nullable: true),
                    PublishedRunId = table.Column<int>(type: "integer", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DatasetUploads",
                schema: "insight",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Encoding = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    DroppedColumns = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetUploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetUploads_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalSchema: "insight",
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatasetRuns",
                schema: "insight",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    UploadId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SettingsJson = table.Column<string>(type: "text", nullable: false),
                    K = table.Column<int>(type: "integer", nullable: false),
                    L = table.Column<int>(type: "integer", nullable: false),
                    SuppressionLimit = table.Column<double>(type: "double precision", nullable: false),
                    CellThreshold = table.Column<int>(type: "integer", nullable: false),
                    Records = table.Column<long>(type: "bigint", nullable: false),
                    KReached = table.Column<int>(type: "integer", nullable: false),
                    SuppressionRate = table.Column<double>(type: "double precision", nullable: false),
                    InformationLoss = table.Column<double>(type: "double precision", nullable: false),
                    ReportJson = table.Column<string>(type: "text", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetRuns_DatasetUploads_UploadId",
                        column: x => x.UploadId,
                        principalSchema: "insight",
                        principalTable: "DatasetUploads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DatasetRuns_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalSchema: "insight",
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DatasetRuns_DatasetId",
                schema: "insight",
                table: "DatasetRuns",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetRuns_UploadId",
                schema: "insight",
                table: "DatasetRuns",
                column: "UploadId");

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_OwnerOrgUnitId",
                schema: "insight",
                table: "Datasets",
                column: "OwnerOrgUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetUploads_DatasetId",
                schema: "insight",
                table: "DatasetUploads",
                column: "DatasetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatasetRuns",
                schema: "insight");

            migrationBuilder.DropTable(
                name: "DatasetUploads",
                schema: "insight");

            migrationBuilder.DropTable(
                name: "Datasets",
                schema: "insight");
        }
    }
}
