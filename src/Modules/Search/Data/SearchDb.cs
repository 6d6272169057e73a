using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Search.Data;

/// <summary>
/// The search module's own data: registered sources and the file catalogue (what the crawler saw
/// on disk and what happened when it read each file). The text itself lives in the Lucene index.
/// </summary>
public partial class SearchDb : DbContext
{
    public const string Schema = "search";

    protected SearchDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<SearchSource> Sources => Set<SearchSource>();

    public DbSet<SourceGroupMapping> GroupMappings => Set<SourceGroupMapping>();

    public DbSet<CatalogEntry> Catalog => Set<CatalogEntry>();

    public DbSet<CrawlRun> CrawlRuns => Set<CrawlRun>();

    public DbSet<SearchSynonym> Synonyms => Set<SearchSynonym>();

    public DbSet<SearchQueryLog> QueryLog => Set<SearchQueryLog>();

    public DbSet<SearchClick> Clicks => Set<SearchClick>();

    public DbSet<SearchMonthlyUsage> MonthlyUsage => Set<SearchMonthlyUsage>();

    public DbSet<PrincipalMapping> PrincipalMappings => Set<PrincipalMapping>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SearchSource>(e =>
        {
            e.ToTable("Sources");
            e.Property(s => s.Name).HasMaxLength(100);
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.RootPath).HasMaxLength(1000);
        });
        modelBuilder.Entity<SourceGroupMapping>(e =>
        {
            e.ToTable("GroupMappings");
            e.HasOne<SearchSource>().WithMany(s => s.GroupMappings).HasForeignKey(m => m.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.SourceId, m.Gid, m.OrgUnitId }).IsUnique();
        });
        modelBuilder.Entity<CatalogEntry>(e =>
        {
            e.ToTable("Catalog");
            e.HasOne<SearchSource>().WithMany().HasForeignKey(c => c.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.RelativePath).HasMaxLength(2000);
            e.Property(c => c.Name).HasMaxLength(500);
            e.Property(c => c.Extension).HasMaxLength(20);
            e.Property(c => c.ContentHash).HasMaxLength(64);
            e.Property(c => c.Reason).HasMaxLength(500);
            e.HasIndex(c => new { c.SourceId, c.RelativePath }).IsUnique();
            e.HasIndex(c => new { c.SourceId, c.ContentHash });
            e.HasIndex(c => new { c.SourceId, c.LastSeenCrawlId });
            e.HasIndex(c => new { c.SourceId, c.Status });
        });
        modelBuilder.Entity<CrawlRun>(e =>
        {
            e.ToTable("CrawlRuns");
            e.HasOne<SearchSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.Error).HasMaxLength(1000);
            e.HasIndex(r => new { r.SourceId, r.StartedAtUtc });
        });
        OnQueryModelCreating(modelBuilder);
        OnAclModelCreating(modelBuilder);
        modelBuilder.ApplyVersioning();
    }
}

public partial class SearchDb
{
    /// <summary>The query side's tables: synonyms, the search log and clicks.</summary>
    private static void OnQueryModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SearchSynonym>(e =>
        {
            e.ToTable("Synonyms");
            e.Property(s => s.Terms).HasMaxLength(1000);
            e.Property(s => s.Note).HasMaxLength(200);
            e.Ignore(s => s.Words);
        });
        modelBuilder.Entity<SearchQueryLog>(e =>
        {
            e.ToTable("QueryLog");
            e.Property(l => l.UserName).HasMaxLength(100);
            e.Property(l => l.Query).HasMaxLength(500);
            e.Property(l => l.Surface).HasMaxLength(10);
            e.Property(l => l.Filters).HasMaxLength(1000);
            e.Property(l => l.Shown).HasMaxLength(20_000);
            e.HasIndex(l => l.AtUtc);
        });
        modelBuilder.Entity<SearchClick>(e =>
        {
            e.ToTable("Clicks");
            e.HasOne<SearchQueryLog>().WithMany().HasForeignKey(c => c.QueryLogId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.Key).HasMaxLength(2100);
            e.Property(c => c.Action).HasMaxLength(10);
            e.HasIndex(c => c.QueryLogId);
        });
        modelBuilder.Entity<SearchMonthlyUsage>(e =>
        {
            e.ToTable("MonthlyUsage");
            e.HasKey(m => m.Month);
            e.Property(m => m.Month).HasMaxLength(7);
        });
    }
}

public partial class SearchDb
{
    /// <summary>NTFS ACLs: the SID → user/unit mapping and the sources' ACL settings.</summary>
    private static void OnAclModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PrincipalMapping>(e =>
        {
            e.ToTable("PrincipalMappings");
            e.Property(m => m.Principal).HasMaxLength(200);
            e.Property(m => m.UserName).HasMaxLength(100);
            e.Property(m => m.Label).HasMaxLength(200);
            e.HasIndex(m => m.Principal);
        });
        modelBuilder.Entity<SearchSource>().Property(s => s.AclFile).HasMaxLength(1000);
    }
}

/// <summary>The search database on the embedded SQLite file data/search.db.</summary>
public sealed class SqliteSearchDb(DbContextOptions<SqliteSearchDb> options) : SearchDb(options);

/// <summary>The search database on PostgreSQL, in schema "search".</summary>
public sealed class PostgresSearchDb(DbContextOptions<PostgresSearchDb> options) : SearchDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}

// Used only by `dotnet ef migrations add`: builds each provider's model without the host.
internal sealed class SqliteSearchDbFactory : IDesignTimeDbContextFactory<SqliteSearchDb>
{
    public SqliteSearchDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSearchDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresSearchDbFactory : IDesignTimeDbContextFactory<PostgresSearchDb>
{
    public PostgresSearchDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSearchDb>()
            .UseNpgsql("Host=localhost;Database=design", n => n.MigrationsHistoryTable("__EFMigrationsHistory", SearchDb.Schema)).Options);
}
