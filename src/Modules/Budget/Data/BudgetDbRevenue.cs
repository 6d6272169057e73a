using Microsoft.EntityFrameworkCore;

namespace OsakaDx.Modules.Budget.Data;

// 歳入 requests and their stage snapshots (see RevenueEntities.cs).
public partial class BudgetDb
{
    public DbSet<RevenueRequest> RevenueRequests => Set<RevenueRequest>();

    public DbSet<RevenueLine> RevenueLines => Set<RevenueLine>();

    public DbSet<StageRevenue> StageRevenues => Set<StageRevenue>();

    private static void ConfigureRevenue(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RevenueRequest>(e =>
        {
            e.ToTable("RevenueRequests");
            // One request per key; PostgreSQL and SQLite both treat NULL ProjectId as distinct, so the service checks too.
            e.HasIndex(x => new { x.Year, x.MokuId, x.OrgUnitId, x.ProjectId }).IsUnique();
            e.HasIndex(x => new { x.Year, x.OrgUnitId });
            e.HasIndex(x => x.ProjectId);
            e.Property(x => x.Basis).HasMaxLength(2000);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.ReviewComment).HasMaxLength(2000);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BudgetItem>().WithMany().HasForeignKey(x => x.MokuId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.RevenueRequestId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RevenueLine>(e =>
        {
            e.ToTable("RevenueLines");
            e.Property(x => x.Item).HasMaxLength(200);
            e.Property(x => x.Formula).HasMaxLength(200);
            e.HasIndex(x => x.RevenueRequestId);
        });
        modelBuilder.Entity<StageRevenue>(e =>
        {
            e.ToTable("StageRevenues");
            e.HasKey(x => new { x.StageId, x.RevenueRequestId });
            e.HasOne<BudgetStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
