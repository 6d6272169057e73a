using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Budget.Data;

/// <summary>
/// The Budget module's database: SQLite file data/budget.db, or schema "budget" on PostgreSQL.
/// Two provider subclasses carry their own migrations (ADR 0003).
/// </summary>
public partial class BudgetDb : DbContext
{
    public const string Schema = "budget";

    protected BudgetDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<BudgetItem> Items => Set<BudgetItem>();

    public DbSet<Setsu> Setsus => Set<Setsu>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<BudgetRequest> Requests => Set<BudgetRequest>();

    public DbSet<RequestLine> Lines => Set<RequestLine>();

    public DbSet<Ceiling> Ceilings => Set<Ceiling>();

    public DbSet<BudgetStage> Stages => Set<BudgetStage>();

    public DbSet<StageAmount> StageAmounts => Set<StageAmount>();

    public DbSet<StageFunding> StageFundings => Set<StageFunding>();

    public DbSet<BudgetCycle> Cycles => Set<BudgetCycle>();

    public DbSet<ExecutionRecord> Executions => Set<ExecutionRecord>();

    public DbSet<ExecutionImport> ExecutionImports => Set<ExecutionImport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(e =>
        {
            e.ToTable("Accounts");
            e.Property(a => a.Code).HasMaxLength(10);
            e.HasIndex(a => a.Code).IsUnique();
            e.Property(a => a.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<BudgetItem>(e =>
        {
            e.ToTable("Items");
            e.Property(i => i.Code).HasMaxLength(20);
            e.Property(i => i.Name).HasMaxLength(100);
            e.HasIndex(i => new { i.AccountId, i.Side, i.Code, i.FromYear }).IsUnique();
            e.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BudgetItem>().WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Setsu>(e =>
        {
            e.ToTable("Setsus");
            e.Property(s => s.Name).HasMaxLength(50);
            e.HasIndex(s => new { s.Number, s.FromYear }).IsUnique();
            e.HasOne<Setsu>().WithMany().HasForeignKey(s => s.SuccessorId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Project>(e =>
        {
            e.ToTable("Projects");
            e.Property(p => p.Code).HasMaxLength(20);
            e.HasIndex(p => p.Code).IsUnique();
            e.Property(p => p.Name).HasMaxLength(200);
            e.HasIndex(p => p.OrgUnitId);
            e.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BudgetItem>().WithMany().HasForeignKey(p => p.MokuId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BudgetRequest>(e =>
        {
            e.ToTable("Requests");
            e.HasIndex(r => new { r.ProjectId, r.Year }).IsUnique();
            e.HasIndex(r => new { r.Year, r.Status });
            // Covers the city-wide totals by 所属・款・財源 (one row per request).
            e.HasIndex(r => new { r.Year, r.Status, r.ProjectId, r.Cost, r.AssessedCost });
            e.Property(r => r.Purpose).HasMaxLength(2000);
            e.Property(r => r.LegalBasis).HasMaxLength(500);
            e.Property(r => r.ReviewComment).HasMaxLength(2000);
            e.HasOne(r => r.Project).WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RequestLine>(e =>
        {
            e.ToTable("Lines");
            e.Property(l => l.Item).HasMaxLength(200);
            e.Property(l => l.AssessComment).HasMaxLength(1000);
            // Covers the pivots' GROUP BY: the line table itself is never read for a city-wide total.
            e.HasIndex(l => new { l.RequestId, l.SetsuId, l.Amount, l.AssessedAmount });
            e.HasOne<Setsu>().WithMany().HasForeignKey(l => l.SetsuId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Ceiling>(e =>
        {
            e.ToTable("Ceilings");
            e.HasIndex(c => new { c.Year, c.OrgUnitId }).IsUnique();
        });

        modelBuilder.Entity<BudgetStage>(e =>
        {
            e.ToTable("Stages");
            e.HasIndex(x => new { x.Year, x.Kind, x.Round }).IsUnique();
            e.Property(x => x.ClosedBy).HasMaxLength(100);
        });
        modelBuilder.Entity<StageAmount>(e =>
        {
            e.ToTable("StageAmounts");
            // Stage first: every read is "one stage, grouped by something", and the rows of a stage are contiguous.
            e.HasKey(x => new { x.StageId, x.ProjectId, x.SetsuId });
            e.HasOne<BudgetStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Setsu>().WithMany().HasForeignKey(x => x.SetsuId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StageFunding>(e =>
        {
            e.ToTable("StageFundings");
            e.HasKey(x => new { x.StageId, x.ProjectId });
            e.HasOne<BudgetStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BudgetCycle>(e =>
        {
            e.ToTable("Cycles");
            e.HasIndex(x => x.Year).IsUnique();
            e.Property(x => x.Policy).HasMaxLength(4000);
        });
        modelBuilder.Entity<ExecutionRecord>(e =>
        {
            e.ToTable("Executions");
            e.HasIndex(x => new { x.Year, x.ProjectId, x.SetsuId }).IsUnique();
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Setsu>().WithMany().HasForeignKey(x => x.SetsuId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ExecutionImport>(e =>
        {
            e.ToTable("ExecutionImports");
            e.HasIndex(x => x.Year);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.ImportedBy).HasMaxLength(100);
        });

        ConfigureRequestDetail(modelBuilder);
        ConfigureCycle(modelBuilder);
        ConfigureRevenue(modelBuilder);
        ConfigureRestoration(modelBuilder);
        modelBuilder.ApplyVersioning();
    }
}

/// <summary>The budget database on the embedded SQLite file data/budget.db.</summary>
public sealed class SqliteBudgetDb(DbContextOptions<SqliteBudgetDb> options) : BudgetDb(options);

/// <summary>The budget database on PostgreSQL, in schema "budget".</summary>
public sealed class PostgresBudgetDb(DbContextOptions<PostgresBudgetDb> options) : BudgetDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteBudgetDbFactory : IDesignTimeDbContextFactory<SqliteBudgetDb>
{
    public SqliteBudgetDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBudgetDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresBudgetDbFactory : IDesignTimeDbContextFactory<PostgresBudgetDb>
{
    public PostgresBudgetDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBudgetDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", BudgetDb.Schema)).Options);
}
