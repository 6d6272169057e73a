// Booking and cancelling seats. The unique index on (session, slot, seat) is what guarantees that
// two residents asking for the last seat at the same moment never both get it: the loser's insert
// fails, it looks again, and finds the slot full.
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Modules.Talk.Reservations;

public sealed record SlotAvailability(int SessionId, DateOnly Date, TimeOnly Start, int Capacity, int Booked)
{
    public int Free => Capacity - Booked;
}

public sealed record BookingRequest(int SessionId, TimeOnly SlotStart, string NameKana, string Phone, string Topic, string Channel);

public sealed record BookingOutcome(Booking? Booking, string? Error)
{
    public bool Succeeded => Booking is not null;
}

public sealed class ReservationService(TalkDb db, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Topics = ["離婚", "相続", "金銭", "近隣", "労働", "その他"];

    /// <summary>Slot start times of a session.</summary>
    public static IEnumerable<TimeOnly> SlotStarts(ConsultationSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        for (var t = session.Start; t.AddMinutes(session.SlotMinutes) <= session.End && t >= session.Start; t = t.AddMinutes(session.SlotMinutes))
        {
            yield return t;
        }
    }

    public async Task<IReadOnlyList<SlotAvailability>> AvailabilityAsync(int serviceId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.ServiceId == serviceId && s.Date >= from && s.Date <= to).OrderBy(s => s.Date).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked)
            .GroupBy(b => new { b.SessionId, b.SlotStart })
            .Select(g => new { g.Key.SessionId, g.Key.SlotStart, Count = g.Count() })
            .ToListAsync(ct);
        return [.. sessions.SelectMany(s => SlotStarts(s).Select(t => new SlotAvailability(
            s.Id, s.Date, t, s.Capacity, counts.FirstOrDefault(c => c.SessionId == s.Id && c.SlotStart == t)?.Count ?? 0)))];
    }

    public async Task<BookingOutcome> BookAsync(BookingRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.NameKana))
        {
            return new(null, "お名前（ふりがな）を入力してください。");
        }

        if (string.IsNullOrWhiteSpace(request.Phone) || !request.Phone.All(c => char.IsAsciiDigit(c) || c == '-') || request.Phone.Count(char.IsAsciiDigit) is < 10 or > 11)
        {
            return new(null, "電話番号は10桁か11桁の数字で入力してください（例: 06-1234-5678）。");
        }

        if (!Topics.Contains(request.Topic))
        {
            return new(null, "相談の種類を選んでください。");
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SessionId, ct);
        if (session is null || !SlotStarts(session).Contains(request.SlotStart))
        {
            return new(null, "その時間の相談枠はありません。");
        }

        var todayJst = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));
        if (session.Date <= todayJst)
        {
            return new(null, "予約は前日までです。明日以降の日を選んでください。");
        }

        if (OfficeCalendar.ClosedReason(session.Date) is { } reason)
        {
            return new(null, $"その日は{reason}のため相談はありません。");
        }

        // Try the free seats; a unique-index violation means someone else took that seat first.
        for (var attempt = 0; attempt < session.Capacity + 3; attempt++)
        {
            var taken = await db.Bookings.AsNoTracking()
                .Where(b => b.SessionId == session.Id && b.SlotStart == request.SlotStart && b.Seat != null)
                .Select(b => b.Seat!.Value).ToListAsync(ct);
            var seat = Enumerable.Range(1, session.Capacity).Cast<int?>().FirstOrDefault(n => !taken.Contains(n!.Value));
            if (seat is null)
            {
                return new(null, "申し訳ありません。その時間は満席です。ほかの時間を選んでください。");
            }

            var booking = new Booking
            {
                Reference = NewReference(),
                SessionId = session.Id,
                SlotStart = request.SlotStart,
                Seat = seat,
                Status = BookingStatus.Booked,
                NameKana = request.NameKana.Trim(),
                Phone = request.Phone.Trim(),
                Topic = request.Topic,
                Channel = request.Channel,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            db.Bookings.Add(booking);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(booking, null);
            }
            catch (DbUpdateException)
            {
                db.Entry(booking).State = EntityState.Detached;
            }
        }

        return new(null, "混み合っています。もう一度お試しください。");
    }

    public async Task<Booking?> FindAsync(string reference, CancellationToken ct) =>
        await db.Bookings.Include(b => b.Session).ThenInclude(s => s!.Service).FirstOrDefaultAsync(b => b.Reference == reference, ct);

    /// <summary>Cancels by reference number and phone number (both must match). Returns an error or null.</summary>
    public async Task<string?> CancelAsync(string reference, string phone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == reference, ct);
        if (booking is null || Digits(booking.Phone) != Digits(phone))
        {
            return "予約番号と電話番号が一致する予約が見つかりません。";
        }

        if (booking.Status == BookingStatus.Cancelled)
        {
            return "この予約はすでに取り消されています。";
        }

        booking.Status = BookingStatus.Cancelled;
        booking.Seat = null;
        booking.CancelledAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string Digits(string s) => new([.. s.Where(char.IsAsciiDigit)]);

    private static string NewReference() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
