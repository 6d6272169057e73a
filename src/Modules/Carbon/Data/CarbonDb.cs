using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Carbon.Data;

/// <summary>The Carbon module's database (SQLite file carbon.db, or PostgreSQL schema "carbon").</summary>
public class CarbonDb : DbContext
{
    public const string Schema = "carbon";

    protected CarbonDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<FactorSet> FactorSets => Set<FactorSet>();

    public DbSet<Factor> Factors => Set<Factor>();

    public DbSet<Business> Businesses => Set<Business>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<BusinessMember> Members => Set<BusinessMember>();

    public DbSet<ActivitySheet> Sheets => Set<ActivitySheet>();

    public DbSet<ActivityLine> Lines => Set<ActivityLine>();

    public DbSet<CalculationRun> Runs => Set<CalculationRun>();

    public DbSet<CalculationLine> RunLines => Set<CalculationLine>();

    public DbSet<Tour> Tours => Set<Tour>();

    public DbSet<TourLeg> TourLegs => Set<TourLeg>();

    public DbSet<BriefingSession> BriefingSessions => Set<BriefingSession>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<YearEntry> YearEntries => Set<YearEntry>();

    public DbSet<TourItem> TourItems => Set<TourItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<FactorSet>(e =>
        {
            e.Property(s => s.Label).HasMaxLength(200);
            e.Property(s => s.Source).HasMaxLength(300);
            e.Property(s => s.ImportedBy).HasMaxLength(256);
            e.HasMany(s => s.Factors).WithOne().HasForeignKey(f => f.FactorSetId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Factor>(e =>
        {
            e.Property(f => f.Key).HasMaxLength(60);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.Category).HasMaxLength(20);
            e.Property(f => f.UnitCode).HasMaxLength(20);
            e.Property(f => f.Value).HasPrecision(24, 12);
            e.Property(f => f.SourceUrl).HasMaxLength(500);
            e.Property(f => f.PublishedOn).HasMaxLength(10);
            e.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Note).HasMaxLength(1000);
            e.HasIndex(f => new { f.FactorSetId, f.Key }).IsUnique();
        });
        modelBuilder.Entity<Business>(e =>
        {
            e.Property(b => b.Name).HasMaxLength(200);
            e.Property(b => b.IndustryCode).HasMaxLength(2);
            e.Property(b => b.Ward).HasMaxLength(20);
            e.Property(b => b.FloorAreaM2).HasPrecision(18, 2);
            e.Property(b => b.TargetPercentPerYear).HasPrecision(5, 2);
            e.Property(b => b.GwpSet).HasMaxLength(4).HasDefaultValue("AR4");
            e.HasMany(b => b.Sites).WithOne(s => s.Business).HasForeignKey(s => s.BusinessId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(b => b.Members).WithOne().HasForeignKey(m => m.BusinessId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Site>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Address).HasMaxLength(300);
            e.Property(s => s.ElectricityMenuKey).HasMaxLength(60);
            e.Property(s => s.HeatMenuKey).HasMaxLength(60);
            e.HasIndex(s => new { s.BusinessId, s.Name }).IsUnique();
        });
        modelBuilder.Entity<BusinessMember>(e =>
        {
            e.Property(m => m.UserName).HasMaxLength(256);
            e.Property(m => m.Role).HasMaxLength(10).HasDefaultValue(MemberRoles.Owner);
            e.HasIndex(m => new { m.BusinessId, m.UserName }).IsUnique();
            e.HasIndex(m => m.UserName);
        });
        modelBuilder.Entity<ActivitySheet>(e =>
        {
            e.Property(s => s.UpdatedBy).HasMaxLength(256);
            e.HasIndex(s => new { s.SiteId, s.FiscalYear }).IsUnique();
            e.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ActivitySheetId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ActivityLine>(e =>
        {
            e.Property(l => l.ActivityKey).HasMaxLength(60);
            e.Property(l => l.Quantity).HasPrecision(24, 6);
            e.Property(l => l.UnitCode).HasMaxLength(20);
            e.HasIndex(l => new { l.ActivitySheetId, l.Month, l.ActivityKey }).IsUnique();
        });
        modelBuilder.Entity<CalculationRun>(e =>
        {
            e.Property(r => r.FactorSetLabel).HasMaxLength(200);
            e.Property(r => r.CalculatedBy).HasMaxLength(256);
            e.HasIndex(r => new { r.BusinessId, r.FiscalYear, r.Id });
            e.HasOne<Business>().WithMany().HasForeignKey(r => r.BusinessId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<FactorSet>().WithMany().HasForeignKey(r => r.FactorSetId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.CalculationRunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CalculationLine>(e =>
        {
            e.Property(l => l.ActivityKey).HasMaxLength(60);
            e.Property(l => l.Method).HasMaxLength(10);
            e.Property(l => l.FactorKey).HasMaxLength(60);
            e.Property(l => l.Quantity).HasPrecision(28, 12);
            e.Property(l => l.FactorValue).HasPrecision(24, 12);
        });
        modelBuilder.Entity<Tour>(e =>
        {
            e.Property(t => t.Title).HasMaxLength(200);
            e.Property(t => t.Summary).HasMaxLength(2000);
            e.Property(t => t.HotelKgPerNight).HasPrecision(18, 6);
            e.HasOne<Business>().WithMany().HasForeignKey(t => t.BusinessId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Legs).WithOne().HasForeignKey(l => l.TourId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(t => t.Items).WithOne().HasForeignKey(i => i.TourId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TourLeg>(e =>
        {
            e.Property(l => l.Label).HasMaxLength(200);
            e.Property(l => l.ModeKey).HasMaxLength(60);
            e.Property(l => l.BaselineModeKey).HasMaxLength(60);
            e.Property(l => l.DistanceKm).HasPrecision(18, 3);
        });
        modelBuilder.Entity<TourItem>(e =>
        {
            e.Property(i => i.Kind).HasMaxLength(10);
            e.Property(i => i.Label).HasMaxLength(200);
            e.Property(i => i.Basis).HasMaxLength(300);
            e.Property(i => i.KgPerParticipant).HasPrecision(18, 3);
            e.Property(i => i.BaselineKgPerParticipant).HasPrecision(18, 3);
        });
        modelBuilder.Entity<Invitation>(e =>
        {
            e.Property(i => i.Code).HasMaxLength(64);
            e.Property(i => i.Role).HasMaxLength(10);
            e.Property(i => i.Note).HasMaxLength(200);
            e.Property(i => i.CreatedBy).HasMaxLength(256);
            e.Property(i => i.AcceptedBy).HasMaxLength(256);
            e.HasIndex(i => i.Code).IsUnique();
            e.HasOne<Business>().WithMany().HasForeignKey(i => i.BusinessId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<YearEntry>(e =>
        {
            e.Property(y => y.FactorKey).HasMaxLength(60);
            e.Property(y => y.Label).HasMaxLength(200);
            e.Property(y => y.Quantity).HasPrecision(24, 6);
            e.Property(y => y.UnitCode).HasMaxLength(20);
            e.Property(y => y.UpdatedBy).HasMaxLength(256);
            e.HasIndex(y => new { y.BusinessId, y.FiscalYear });
            e.HasOne<Business>().WithMany().HasForeignKey(y => y.BusinessId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BriefingSession>(e =>
        {
            e.Property(b => b.Title).HasMaxLength(200);
            e.Property(b => b.Venue).HasMaxLength(200);
            e.Property(b => b.Note).HasMaxLength(1000);
            e.Property(b => b.UpdatedBy).HasMaxLength(256);
            e.HasIndex(b => b.HeldOn);
        });

        modelBuilder.ApplyVersioning();
    }
}

/// <summary>The Carbon database on the embedded SQLite file data/carbon.db.</summary>
public sealed class SqliteCarbonDb(DbContextOptions<SqliteCarbonDb> options) : CarbonDb(options);

/// <summary>The Carbon database on PostgreSQL, in schema "carbon".</summary>
public sealed class PostgresCarbonDb(DbContextOptions<PostgresCarbonDb> options) : CarbonDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
