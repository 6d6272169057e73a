using Microsoft.EntityFrameworkCore;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Talk.Data;

/// <summary>The Talk module's database (SQLite file talk.db, or PostgreSQL schema "talk").</summary>
public class TalkDb : DbContext
{
    public const string Schema = "talk";

    protected TalkDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ConsultationService> Services => Set<ConsultationService>();

    public DbSet<ConsultationSession> Sessions => Set<ConsultationSession>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<BulkCancellation> BulkCancellations => Set<BulkCancellation>();

    public DbSet<CallRecord> Calls => Set<CallRecord>();

    public DbSet<CallEvent> CallEvents => Set<CallEvent>();

    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();

    public DbSet<EligibilityClaim> EligibilityClaims => Set<EligibilityClaim>();

    // Session 4: saves that change what is bookable tell the in-memory free-slot view (SlotBoard).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changesSlots = ChangesSlots();
        var result = base.SaveChanges(acceptAllChangesOnSuccess);
        if (changesSlots)
        {
            Reservations.SlotBoard.Changed();
        }

        return result;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changesSlots = ChangesSlots();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            // Also after a failed save (e.g. a seat taken meanwhile): the view may be behind.
            if (changesSlots)
            {
                Reservations.SlotBoard.Changed();
            }
        }
    }

    private bool ChangesSlots() => ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is ConsultationService or ConsultationSession or Booking);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ConsultationService>(e =>
        {
            e.Property(s => s.Kind).HasMaxLength(40);
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Office).HasMaxLength(100);
            e.Property(s => s.Description).HasMaxLength(500);
            e.Property(s => s.Residency).HasMaxLength(10);
            e.HasIndex(s => new { s.Kind, s.Office }).IsUnique();
        });
        modelBuilder.Entity<ConsultationSession>(e =>
        {
            e.HasOne(s => s.Service).WithMany().HasForeignKey(s => s.ServiceId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.ServiceId, s.Date }).IsUnique();
            e.HasIndex(s => s.Date);
            e.Property(s => s.ClosedReason).HasMaxLength(200);
        });
        modelBuilder.Entity<Booking>(e =>
        {
            e.Property(b => b.Reference).HasMaxLength(8);
            e.Property(b => b.NameKana).HasMaxLength(100);
            e.Property(b => b.Phone).HasMaxLength(20);
            e.Property(b => b.Topic).HasMaxLength(20);
            e.Property(b => b.Channel).HasMaxLength(10);
            e.Property(b => b.Status).HasConversion<string>().HasMaxLength(10);
            e.HasOne(b => b.Session).WithMany().HasForeignKey(b => b.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(b => b.Reference).IsUnique();
            e.Property(b => b.PersonKey).HasMaxLength(130);
            e.Property(b => b.Residency).HasMaxLength(10);
            e.Property(b => b.CancelReason).HasMaxLength(200);
            e.Property(b => b.CancelledBy).HasMaxLength(100);
            e.Property(b => b.CalledBackBy).HasMaxLength(100);
            e.HasIndex(b => b.PersonKey);
            e.HasIndex(b => b.BulkCancellationId);

            // The double-booking guard: a seat of a slot is held by at most one live booking.
            // Cancelled bookings have Seat = null, which the index does not compare.
            e.HasIndex(b => new { b.SessionId, b.SlotStart, b.Seat }).IsUnique();
        });

        modelBuilder.Entity<BulkCancellation>(e =>
        {
            e.Property(x => x.Office).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => x.Date);
        });

        modelBuilder.Entity<CallRecord>(e =>
        {
            e.Property(c => c.CallSid).HasMaxLength(64);
            e.Property(c => c.Channel).HasMaxLength(10);
            e.Property(c => c.Recognizer).HasMaxLength(20);
            e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(12);
            e.Property(c => c.LastStep).HasMaxLength(20);
            e.Property(c => c.Reference).HasMaxLength(8);
            e.Property(c => c.CallbackNumber).HasMaxLength(20);
            e.HasMany(c => c.Events).WithOne().HasForeignKey(x => x.CallRecordId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.StartedAtUtc);
        });
        modelBuilder.Entity<CallEvent>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(12);
            e.Property(x => x.Text).HasMaxLength(1000);
        });

        // Session 4: persisted web chats and the once-per-fiscal-year claim (see ChatAndClaims.cs).
        modelBuilder.Entity<ChatSession>(e =>
        {
            e.Property(c => c.Id).HasMaxLength(32);
            e.HasIndex(c => c.LastUsedUtc);
        });
        modelBuilder.Entity<EligibilityClaim>(e =>
        {
            e.Property(c => c.Kind).HasMaxLength(40);
            e.Property(c => c.PersonKey).HasMaxLength(130);
            e.HasOne(c => c.Booking).WithMany().HasForeignKey(c => c.BookingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.Kind, c.FiscalYear, c.PersonKey }).IsUnique();
            e.HasIndex(c => c.BookingId);
        });

        modelBuilder.ApplyVersioning();
    }
}

/// <summary>The Talk database on the embedded SQLite file data/talk.db.</summary>
public sealed class SqliteTalkDb(DbContextOptions<SqliteTalkDb> options) : TalkDb(options);

/// <summary>The Talk database on PostgreSQL, in schema "talk".</summary>
public sealed class PostgresTalkDb(DbContextOptions<PostgresTalkDb> options) : TalkDb(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
