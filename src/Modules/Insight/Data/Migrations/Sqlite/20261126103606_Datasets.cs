using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OsakaDx.Modules.Insight.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Datasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Datasets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OwnerOrgUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceUpdatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SharedOrgUnitIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ColumnsJson = table.Column<string>(type: "TEXT", nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    L = table.Column<int>(type: "INTEGER", nullable: false),
                    SuppressionLimit = table.Column<double>(type: "REAL", nullable: false),
                    CellThreshold = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentUploadId = table.Column<int>(type: "INTEGER", nullable: true),
                    PublishedRunId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DatasetUploads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    DroppedColumns = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetUploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetUploads_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatasetRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    UploadId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", nullable: false),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    L = table.Column<int>(type: "INTEGER", nullable: false),
                    SuppressionLimit = table.Column<double>(type: "REAL", nullable: false),
                    CellThreshold = table.Column<int>(type: "INTEGER", nullable: false),
                    Records = table.Column<long>(type: "INTEGER", nullable: false),
                    KReached = table.Column<int>(type: "INTEGER", nullable: false),
                    SuppressionRate = table.Column<double>(type: "REAL", nullable: false),
                    InformationLoss = table.Column<double>(type: "REAL", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetRuns_DatasetUploads_UploadId",
                        column: x => x.UploadId,
                        principalTable: "DatasetUploads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DatasetRuns_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DatasetRuns_DatasetId",
                table: "DatasetRuns",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetRuns_UploadId",
                table: "DatasetRuns",
                column: "UploadId");

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_OwnerOrgUnitId",
                table: "Datasets",
                column: "OwnerOrgUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetUploads_DatasetId",
                table: "DatasetUploads",
                column: "DatasetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatasetRuns");

            migrationBuilder.DropTable(
                name: "DatasetUploads");

            migrationBuilder.DropTable(
                name: "Datasets");
        }
    }
}
