using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Insight.Data;

/// <summary>
/// Insight's metadata (SQLite file insight.db, or PostgreSQL schema "insight"): imports, runs and
/// their settings (lineage), saved dashboards and the query log. The data itself lives in DuckDB
/// files under data/insight (see <see cref="InsightPaths"/>); every write here is audited.
/// </summary>
public class InsightDb : DbContext
{
    public const string Schema = "insight";

    protected InsightDb(DbContextOptions options)
        : base(options)
    {
    }

    internal DbSet<ImportBatch> Imports => Set<ImportBatch>();

    internal DbSet<AnonymizationRun> Runs => Set<AnonymizationRun>();

    internal DbSet<SavedDashboard> Dashboards => Set<SavedDashboard>();

    internal DbSet<QueryLogEntry> QueryLog => Set<QueryLogEntry>();

    internal DbSet<Dataset> Datasets => Set<Dataset>();

    internal DbSet<DatasetUpload> DatasetUploads => Set<DatasetUpload>();

    internal DbSet<DatasetRun> DatasetRuns => Set<DatasetRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ImportBatch>(e =>
        {
            e.Property(b => b.FileName).HasMaxLength(300);
            e.Property(b => b.Sha256).HasMaxLength(64);
            e.Property(b => b.Encoding).HasMaxLength(40);
            e.Property(b => b.DroppedColumns).HasMaxLength(1000);
            e.Property(b => b.ImportedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<AnonymizationRun>(e =>
        {
            e.Property(r => r.Status).HasMaxLength(20);
            e.Property(r => r.QuasiIdentifiers).HasMaxLength(200);
            e.Property(r => r.SensitiveAttribute).HasMaxLength(40);
            e.Property(r => r.Node).HasMaxLength(200);
            e.Property(r => r.KeyFingerprint).HasMaxLength(64);
            e.Property(r => r.RequestedBy).HasMaxLength(256);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.HasOne<ImportBatch>().WithMany().HasForeignKey(r => r.ImportBatchId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => r.Status);
        });
        modelBuilder.Entity<SavedDashboard>(e =>
        {
            e.Property(d => d.Title).HasMaxLength(200);
            e.Property(d => d.Query).HasMaxLength(1000);
            e.Property(d => d.Owner).HasMaxLength(256);
            e.Property(d => d.SharedOrgUnitIds).HasMaxLength(1000);
        });
        modelBuilder.Entity<QueryLogEntry>(e =>
        {
            e.Property(q => q.UserName).HasMaxLength(256);
            e.Property(q => q.Kind).HasMaxLength(20);
            e.Property(q => q.Detail).HasMaxLength(1000);
            e.HasIndex(q => q.AtUtc);
        });
        modelBuilder.Entity<Dataset>(e =>
        {
            e.Property(d => d.Title).HasMaxLength(200);
            e.Property(d => d.Description).HasMaxLength(2000);
            e.Property(d => d.SharedOrgUnitIds).HasMaxLength(1000);
            e.Property(d => d.CreatedBy).HasMaxLength(256);
            e.HasIndex(d => d.OwnerOrgUnitId);
        });
        modelBuilder.Entity<DatasetUpload>(e =>
        {
            e.Property(u => u.FileName).HasMaxLength(300);
            e.Property(u => u.Sha256).HasMaxLength(64);
            e.Property(u => u.Encoding).HasMaxLength(40);
            e.Property(u => u.DroppedColumns).HasMaxLength(1000);
            e.Property(u => u.UploadedBy).HasMaxLength(256);
            e.HasOne<Dataset>().WithMany().HasForeignKey(u => u.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DatasetRun>(e =>
        {
            e.Property(r => r.Status).HasMaxLength(20);
            e.Property(r => r.RequestedBy).HasMaxLength(256);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<DatasetUpload>().WithMany().HasForeignKey(r => r.UploadId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.ApplyVersioning();
    }
}

/// <summary>The Insight database on the embedded SQLite file data/insight.db.</summary>
public sealed class SqliteInsightDb(DbContextOptions<SqliteInsightDb> options) : InsightDb(options);

/// <summary>The Insight database on PostgreSQL, in schema "insight".</summary>
public sealed class PostgresInsightDb(DbContextOptions<PostgresInsightDb> options) : InsightDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}

/// <summary>One raw extract taken into the quarantine (its contents never leave it).</summary>
internal sealed class ImportBatch
{
    public int Id { get; set; }

    public string FileName { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public string Encoding { get; set; } = "";

    public long Rows { get; set; }

    public long Residents { get; set; }

    public long RemovedRecords { get; set; }

    public DateOnly AsOf { get; set; }

    /// <summary>Columns read past and not stored (names, addresses).</summary>
    public string DroppedColumns { get; set; } = "";

    public DateTime ImportedAtUtc { get; set; }

    public string ImportedBy { get; set; } = "";
}

/// <summary>An anonymization run: its settings, its result (the risk report) and its published file.</summary>
internal sealed class AnonymizationRun
{
    public int Id { get; set; }

    public int ImportBatchId { get; set; }

    public string Status { get; set; } = RunStatus.Running;

    public int K { get; set; }

    public int L { get; set; }

    public string? SensitiveAttribute { get; set; }

    public string QuasiIdentifiers { get; set; } = "";

    public double SuppressionLimit { get; set; }

    public int CellThreshold { get; set; }

    public string? Node { get; set; }

    public long Records { get; set; }

    public int KReached { get; set; }

    public double SuppressionRate { get; set; }

    public double InformationLoss { get; set; }

    /// <summary>The whole risk report as JSON (also printed by the CLI).</summary>
    public string? ReportJson { get; set; }

    /// <summary>First 16 hex digits of SHA-256 of the HMAC key: which key made the pseudonyms, never the key.</summary>
    public string KeyFingerprint { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public string RequestedBy { get; set; } = "";

    public string? Error { get; set; }
}

internal static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>A saved query-builder view, shared with chosen departments (platform org units).</summary>
internal sealed class SavedDashboard : IVersioned
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    /// <summary>The query string of /insight/query (measures × dimensions × filters).</summary>
    public string Query { get; set; } = "";

    public string Owner { get; set; } = "";

    public int? OwnerOrgUnitId { get; set; }

    /// <summary>Comma-separated org unit ids the view is shared with.</summary>
    public string SharedOrgUnitIds { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public long Version { get; set; }
}

/// <summary>Who looked at what (page, API, CSV, query): the usage KPI per department.</summary>
[NotAudited]
internal sealed class QueryLogEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public string UserName { get; set; } = "";

    public int? OrgUnitId { get; set; }

    public string Kind { get; set; } = "";

    public string Detail { get; set; } = "";
}
