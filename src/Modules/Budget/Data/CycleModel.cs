using Microsoft.EntityFrameworkCore;

namespace OsakaDx.Modules.Budget.Data;

public partial class BudgetDb
{
    public DbSet<CeilingPlan> CeilingPlans => Set<CeilingPlan>();

    public DbSet<CeilingPlanEntry> CeilingPlanEntries => Set<CeilingPlanEntry>();

    public DbSet<CeilingTransfer> CeilingTransfers => Set<CeilingTransfer>();

    public DbSet<ExaminerAssignment> ExaminerAssignments => Set<ExaminerAssignment>();

    public DbSet<HearingThread> HearingThreads => Set<HearingThread>();

    public DbSet<HearingPost> HearingPosts => Set<HearingPost>();

    /// <summary>The cycle-coordination tables (ceiling plans, assignments, hearing threads).</summary>
    private static void ConfigureCycle(ModelBuilder modelBuilder)
    {
        // The pivot cube's freshness stamp (count, Σ version, max id per year and of the 事業) reads these indexes only.
        modelBuilder.Entity<BudgetRequest>().HasIndex(r => new { r.Year, r.Version, r.Id }).HasDatabaseName("IX_Requests_Year_Version_Id");
        modelBuilder.Entity<Project>().HasIndex(p => new { p.Version, p.Id }).HasDatabaseName("IX_Projects_Version_Id");
        modelBuilder.Entity<CeilingPlan>(e =>
        {
            e.ToTable("CeilingPlans");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.AdoptedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Year, x.Name }).IsUnique();
        });
        modelBuilder.Entity<CeilingPlanEntry>(e =>
        {
            e.ToTable("CeilingPlanEntries");
            e.HasIndex(x => new { x.PlanId, x.OrgUnitId }).IsUnique();
            e.HasOne<CeilingPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CeilingTransfer>(e =>
        {
            e.ToTable("CeilingTransfers");
            e.HasIndex(x => new { x.Year, x.PlanId });
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.By).HasMaxLength(100);
            e.HasOne<CeilingPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ExaminerAssignment>(e =>
        {
            e.ToTable("ExaminerAssignments");
            e.Property(x => x.UserName).HasMaxLength(100);
            e.Property(x => x.AssignedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Year, x.OrgUnitId, x.UserName }).IsUnique();
            e.HasIndex(x => new { x.Year, x.UserName });
        });
        modelBuilder.Entity<HearingThread>(e =>
        {
            e.ToTable("HearingThreads");
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.LineLabel).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.LastPostBy).HasMaxLength(100);
            e.Property(x => x.ResolvedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.RequestId, x.Resolved });
            e.HasOne<BudgetRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<RequestLine>().WithMany().HasForeignKey(x => x.LineId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<HearingPost>(e =>
        {
            e.ToTable("HearingPosts");
            e.Property(x => x.Author).HasMaxLength(100);
            e.Property(x => x.AuthorName).HasMaxLength(100);
            e.Property(x => x.Body).HasMaxLength(4000);
            e.HasIndex(x => x.ThreadId);
            e.HasOne<HearingThread>().WithMany().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
