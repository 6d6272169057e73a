using Microsoft.EntityFrameworkCore;

namespace OsakaDx.Modules.Budget.Data;

// 細節, 補助率, attachments and the 継続費・債務負担行為・繰越明許費・地方債 entries (see RequestDetailEntities.cs).
public partial class BudgetDb
{
    public DbSet<SubSetsu> SubSetsus => Set<SubSetsu>();

    public DbSet<RequestAttachment> Attachments => Set<RequestAttachment>();

    public DbSet<RequestEntry> Entries => Set<RequestEntry>();

    public DbSet<StageEntry> StageEntries => Set<StageEntry>();

    private static void ConfigureRequestDetail(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SubSetsu>(e =>
        {
            e.ToTable("SubSetsus");
            e.Property(x => x.Code).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => new { x.SetsuId, x.Code, x.FromYear }).IsUnique();
            e.HasOne<Setsu>().WithMany().HasForeignKey(x => x.SetsuId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<RequestLine>(e =>
        {
            // No database foreign key: adding one to the existing Lines table (100,000+ rows a year) makes SQLite
            // rebuild the table outside a transaction on upgrade. RequestService checks that a line's 細節 exists and
            // belongs to its 節, and 細節 are never deleted (an import only adds or closes them by year).
            e.HasIndex(l => l.SubSetsuId);
            // Bulk writers (the demo generator) that do not name the column get 0: no 補助率, no share.
            e.Property(l => l.SubsidyAmount).HasDefaultValue(0L);
        });
        modelBuilder.Entity<RequestAttachment>(e =>
        {
            e.ToTable("Attachments");
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UploadedBy).HasMaxLength(100);
            e.HasIndex(x => x.RequestId);
            e.HasIndex(x => x.Sha256);
            e.HasOne<BudgetRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RequestEntry>(e =>
        {
            e.ToTable("Entries");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.YearlyAmounts).HasMaxLength(500);
            e.Property(x => x.Funding).HasMaxLength(200);
            e.Property(x => x.Method).HasMaxLength(200);
            e.Property(x => x.InterestRate).HasMaxLength(300);
            e.Property(x => x.Repayment).HasMaxLength(500);
            e.Property(x => x.AssessedYearlyAmounts).HasMaxLength(500);
            e.Property(x => x.AssessComment).HasMaxLength(1000);
            e.HasIndex(x => new { x.RequestId, x.Kind });
            e.HasOne<BudgetRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StageEntry>(e =>
        {
            e.ToTable("StageEntries");
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.YearlyAmounts).HasMaxLength(500);
            e.Property(x => x.Funding).HasMaxLength(200);
            e.Property(x => x.Method).HasMaxLength(200);
            e.Property(x => x.InterestRate).HasMaxLength(300);
            e.Property(x => x.Repayment).HasMaxLength(500);
            e.HasIndex(x => new { x.StageId, x.Kind });
            e.HasOne<BudgetStage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
