using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Identity;
using OsakaDx.Platform.Jobs;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Platform.Data;

/// <summary>
/// The platform's own data: staff, roles, organization, audit log, jobs. Two provider-specific
/// subclasses carry their own migrations (SQLite and PostgreSQL differ in types), see ADR 0003.
/// </summary>
public class PlatformDb : IdentityDbContext<StaffUser, StaffRole, string>
{
    public const string Schema = "platform";

    protected PlatformDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<StaffUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.EmployeeNumber).HasMaxLength(20);
            e.HasIndex(u => u.EmployeeNumber).IsUnique();
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StaffRole>(e =>
        {
            e.Property(r => r.DisplayName).HasMaxLength(100);
            e.Property(r => r.Description).HasMaxLength(500);
        });
        builder.Entity<OrgUnit>(e =>
        {
            e.ToTable("OrgUnits");
            e.Property(o => o.Code).HasMaxLength(20);
            e.HasIndex(o => o.Code).IsUnique();
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.Kana).HasMaxLength(200);
            e.Property(o => o.Phone).HasMaxLength(30);
            e.HasOne(o => o.Parent).WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.Property(a => a.Category).HasMaxLength(20);
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Module).HasMaxLength(40);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(100);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.HasIndex(a => a.AtUtc);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.HasIndex(a => a.UserId);
        });
        builder.Entity<JobRecord>(e =>
        {
            e.ToTable("Jobs");
            e.Property(j => j.Kind).HasMaxLength(100);
            e.Property(j => j.Title).HasMaxLength(200);
            e.Property(j => j.LeaseOwner).HasMaxLength(200);
            e.Property(j => j.RequestedBy).HasMaxLength(256);
            e.Property(j => j.ResultFile).HasMaxLength(500);
            e.HasIndex(j => new { j.Status, j.CreatedAtUtc });
        });

        builder.ApplyVersioning();
    }
}

/// <summary>The platform database on the embedded SQLite file data/platform.db.</summary>
public sealed class SqlitePlatformDb(DbContextOptions<SqlitePlatformDb> options) : PlatformDb(options);

/// <summary>The platform database on PostgreSQL, in schema "platform".</summary>
public sealed class PostgresPlatformDb(DbContextOptions<PostgresPlatformDb> options) : PlatformDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(Schema);
        base.OnModelCreating(builder);
    }
}
