// The free-slot view the dialogue reads on every turn, kept in memory (session 4, burst latency).
// With 50 calls answering in the same instant, each turn used to open a SQLite connection and run
// its queries synchronously on a thread-pool thread; the pool starved and p95 reached 827 ms.
// Now: active services and, per service, its sessions from today on with the booked count of every
// slot are loaded once (by one load per service, in its own scope, however many callers ask at
// once) and served from memory. Any save of a service, session or booking through TalkDb on this
// instance bumps the generation, so the next read reloads; changes made by another instance show
// within MaxAge (5 s). A stale view can only offer a seat that was just taken: booking it is
// refused with 満席 by the seat's unique index, never double-booked.
// SQLite has one writer: bookings wait for it here, asynchronously, instead of in SQLite's busy
// handler, which sleeps a pool thread.
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Modules.Talk.Reservations;

public sealed class SlotBoard(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private static long generation;

    private readonly Cached<IReadOnlyList<ConsultationService>> services = new();
    private readonly ConcurrentDictionary<int, Cached<ServiceSlots>> slots = new();

    /// <summary>One writer at a time on SQLite (waited for asynchronously).</summary>
    internal SemaphoreSlim SqliteWriter { get; } = new(1, 1);

    /// <summary>Called by TalkDb after saving a service, session or booking (process-wide: conservative).</summary>
    internal static void Changed() => Interlocked.Increment(ref generation);

    /// <summary>Sessions of a service from <see cref="Today"/> on, and booked seats per (session, slot).</summary>
    internal sealed record ServiceSlots(DateOnly From, IReadOnlyList<ConsultationSession> Sessions, IReadOnlyDictionary<(int SessionId, TimeOnly Start), int> Booked);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));

    public Task<IReadOnlyList<ConsultationService>> ActiveServicesAsync() =>
        services.GetAsync(clock.GetUtcNow(), () => LoadAsync<IReadOnlyList<ConsultationService>>(async db =>
            await db.Services.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Id).ToListAsync()));

    internal Task<ServiceSlots> SlotsAsync(int serviceId)
    {
        var from = Today;
        return slots.GetOrAdd(serviceId, _ => new()).GetAsync(clock.GetUtcNow(), () => LoadAsync(async db =>
        {
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.ServiceId == serviceId && s.Date >= from).OrderBy(s => s.Date).ToListAsync();
            var ids = sessions.Select(s => s.Id).ToList();
            var counts = await db.Bookings.AsNoTracking()
                .Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked)
                .GroupBy(b => new { b.SessionId, b.SlotStart })
                .Select(g => new { g.Key.SessionId, g.Key.SlotStart, Count = g.Count() })
                .ToListAsync();
            return new ServiceSlots(from, sessions, counts.ToDictionary(c => (c.SessionId, c.SlotStart), c => c.Count));
        }), from);
    }

    private Task<T> LoadAsync<T>(Func<TalkDb, Task<T>> load) => Task.Run(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        return await load(scope.ServiceProvider.GetRequiredService<TalkDb>());
    });

    /// <summary>One value, reloaded when the generation moved, it is older than MaxAge, its day passed, or its load failed.</summary>
    private sealed class Cached<T>
    {
        private readonly Lock gate = new();
        private (long Generation, DateTimeOffset At, DateOnly Day, Task<T> Value)? entry;

        public Task<T> GetAsync(DateTimeOffset now, Func<Task<T>> load, DateOnly day = default)
        {
            var current = Interlocked.Read(ref generation);
            lock (gate)
            {
                if (entry is { } e && e.Generation == current && now - e.At < MaxAge && e.Day == day && !e.Value.IsFaulted && !e.Value.IsCanceled)
                {
                    return e.Value;
                }

                // load() only queues the work (Task.Run), so the lock is held for microseconds.
                var value = load();
                entry = (current, now, day, value);
                return value;
            }
        }
    }
}
