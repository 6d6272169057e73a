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

/// <param name="Residency">What the caller stated (Residency.Resident/Commuter/None), for services with a residency rule.</param>
/// <param name="Replaces">Reference of the booking a change replaces: not counted against once-per-year.</param>
public sealed record BookingRequest(int SessionId, TimeOnly SlotStart, string NameKana, string Phone, string Topic, string Channel, string? Residency = null, string? Replaces = null);

public sealed record BookingOutcome(Booking? Booking, string? Error)
{
    /// <summary>Refused by a rule of the service (window, residency, once a year), not by bad input or a full slot.</summary>
    public bool Ineligible { get; init; }

    public bool Succeeded => Booking is not null;
}

public sealed class ReservationService(TalkDb db, TimeProvider clock, SlotBoard board)
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
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.ServiceId == serviceId && s.Date >= from && s.Date <= to && s.ClosedReason == null).OrderBy(s => s.Date).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked)
            .GroupBy(b => new { b.SessionId, b.SlotStart })
            .Select(g => new { g.Key.SessionId, g.Key.SlotStart, Count = g.Count() })
            .ToListAsync(ct);
        return [.. sessions.SelectMany(s => SlotStarts(s).Select(t => new SlotAvailability(
            s.Id, s.Date, t, s.Capacity, counts.FirstOrDefault(c => c.SessionId == s.Id && c.SlotStart == t)?.Count ?? 0)))];
    }

    /// <summary>Active services, from the in-memory view (see <see cref="SlotBoard"/>).</summary>
    public Task<IReadOnlyList<ConsultationService>> ActiveServicesAsync() => board.ActiveServicesAsync();

    /// <summary>A service's sessions from today on (closed ones included), from the in-memory view.</summary>
    public async Task<IReadOnlyList<ConsultationSession>> UpcomingSessionsAsync(int serviceId) => (await board.SlotsAsync(serviceId)).Sessions;

    /// <summary><see cref="AvailabilityAsync"/> from the in-memory view when the range starts today or later.</summary>
    private async Task<IReadOnlyList<SlotAvailability>> ViewAvailabilityAsync(int serviceId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var view = await board.SlotsAsync(serviceId);
        if (from < view.From)
        {
            return await AvailabilityAsync(serviceId, from, to, ct);
        }

        return [.. view.Sessions.Where(s => s.Date >= from && s.Date <= to && s.ClosedReason == null).SelectMany(s => SlotStarts(s).Select(t => new SlotAvailability(
            s.Id, s.Date, t, s.Capacity, view.Booked.TryGetValue((s.Id, t), out var n) ? n : 0)))];
    }

    /// <summary>Saves a booking; on SQLite one writer at a time, waited for asynchronously (reads stay parallel).</summary>
    private async Task SaveBookingAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await board.SqliteWriter.WaitAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            board.SqliteWriter.Release();
        }
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

        var session = await db.Sessions.AsNoTracking().Include(s => s.Service).FirstOrDefaultAsync(s => s.Id == request.SessionId, ct);
        if (session is null || !SlotStarts(session).Contains(request.SlotStart))
        {
            return new(null, "その時間の相談枠はありません。");
        }

        if (OfficeCalendar.ClosedReason(session.Date) is { } reason)
        {
            return new(null, $"その日は{reason}のため相談はありません。");
        }

        if (session.ClosedReason is { } called)
        {
            return new(null, $"その日の相談は中止になりました（{called}）。ほかの日を選んでください。");
        }

        if (await EligibilityErrorAsync(session, request.SlotStart, request.NameKana, request.Phone, request.Residency, request.Replaces, ct) is { } refused)
        {
            return new(null, refused) { Ineligible = true };
        }

        var service = session.Service!;
        var personKey = Person.Key(request.NameKana, request.Phone);
        var fiscalYear = OsakaDx.Platform.Kernel.FiscalYear.FromDate(session.Date);

        // Try the free seats; a unique-index violation means someone else took that seat first
        // (or, with the once-a-year rule, that the same person's other booking got its claim first).
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
                PersonKey = personKey,
                Residency = service.Residency.Length == 0 ? null : request.Residency,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            db.Bookings.Add(booking);
            EligibilityClaim? claim = null;
            if (service.OncePerFiscalYear)
            {
                // The claim row goes in with the booking (one SaveChanges = one transaction); its
                // unique index is what stops a second simultaneous booking by the same person.
                claim = await db.EligibilityClaims.Include(c => c.Booking)
                    .FirstOrDefaultAsync(c => c.Kind == service.Kind && c.FiscalYear == fiscalYear.StartYear && c.PersonKey == personKey, ct);
                if (claim is not null && (request.Replaces is null || claim.Booking?.Reference != request.Replaces))
                {
                    db.Entry(booking).State = EntityState.Detached;
                    db.Entry(claim).State = EntityState.Detached;
                    return new(null, OnceRefusal(service, fiscalYear)) { Ineligible = true };
                }

                if (claim is null)
                {
                    claim = new EligibilityClaim { Kind = service.Kind, FiscalYear = fiscalYear.StartYear, PersonKey = personKey, Booking = booking };
                    db.EligibilityClaims.Add(claim);
                }
                else
                {
                    // A change: the claim moves to the new booking; cancelling the old one then frees nothing.
                    claim.Booking = booking;
                }
            }

            try
            {
                await SaveBookingAsync(ct);
                return new(booking, null);
            }
            catch (DbUpdateException)
            {
                db.Entry(booking).State = EntityState.Detached;
                if (claim is not null)
                {
                    db.Entry(claim).State = EntityState.Detached;
                }
            }

            if (service.OncePerFiscalYear && await db.EligibilityClaims.AsNoTracking()
                    .AnyAsync(c => c.Kind == service.Kind && c.FiscalYear == fiscalYear.StartYear && c.PersonKey == personKey && c.Booking!.Reference != request.Replaces, ct))
            {
                return new(null, OnceRefusal(service, fiscalYear)) { Ineligible = true };
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
        booking.CancelReason = "本人による取り消し";
        await ReleaseClaimsAsync(db, [booking.Id], ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// The rules of the booking's service at this moment: window, residency, once per fiscal year.
    /// Null when the person may book; the dialogue asks this early (after the phone number) so a
    /// caller is not taken through every question to be refused at the end.
    /// </summary>
    public async Task<string?> EligibilityErrorAsync(ConsultationSession session, TimeOnly slotStart, string nameKana, string phone, string? residency, string? replaces, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var service = session.Service ?? await db.Services.AsNoTracking().FirstAsync(s => s.Id == session.ServiceId, ct);
        if (BookingWindow.Refusal(service, session.Date, slotStart, clock.GetUtcNow()) is { } window)
        {
            return window;
        }

        if (Residency.Refusal(service, residency) is { } notResident)
        {
            return notResident;
        }

        return service.OncePerFiscalYear ? await AlreadyThisYearAsync(service, session.Date, Person.Key(nameKana, phone), replaces, ct) : null;
    }

    /// <summary>Null, or the refusal when this person already holds a booking of this kind of service in the session's fiscal year.</summary>
    public async Task<string?> AlreadyThisYearAsync(ConsultationService service, DateOnly date, string personKey, string? replaces, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(service);
        var year = OsakaDx.Platform.Kernel.FiscalYear.FromDate(date);
        var held = await db.Bookings.AsNoTracking()
            .AnyAsync(b => b.PersonKey == personKey && b.Status == BookingStatus.Booked && b.Reference != replaces
                && b.Session!.Service!.Kind == service.Kind && b.Session.Date >= year.StartDate && b.Session.Date <= year.EndDate, ct);
        return held ? OnceRefusal(service, year) : null;
    }

    private static string OnceRefusal(ConsultationService service, OsakaDx.Platform.Kernel.FiscalYear year) =>
        $"{service.Name}は、お一人につき年度に1回までです。{year.ToWarekiString()}のご予約がすでにあります。ご予約の確認や変更は、予約番号でお問い合わせください。";

    /// <summary>Frees the once-a-year turn of cancelled bookings; saved with the caller's SaveChanges (same transaction).</summary>
    internal static async Task ReleaseClaimsAsync(TalkDb db, IReadOnlyCollection<int> bookingIds, CancellationToken ct)
    {
        var claims = await db.EligibilityClaims.Where(c => bookingIds.Contains(c.BookingId)).ToListAsync(ct);
        db.EligibilityClaims.RemoveRange(claims);
    }

    /// <summary>Free slots a resident may book now: inside the window, open sessions, seats left.</summary>
    public async Task<IReadOnlyList<SlotAvailability>> BookableAsync(ConsultationService service, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(service);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime.AddHours(9));
        var first = BookingWindow.FirstBookableDate(service, today);
        var last = BookingWindow.LastBookableDate(service, today);
        var start = from is { } f && f > first ? f : first;
        var end = to is { } t && t < last ? t : last;
        var slots = await ViewAvailabilityAsync(service.Id, start, end, ct);
        return [.. slots.Where(s => s.Free > 0 && OfficeCalendar.IsOpen(s.Date) && BookingWindow.Refusal(service, s.Date, s.Start, now) is null)];
    }

    /// <summary>Staff cancel one booking with a reason (audited by the platform interceptor). Null or an error.</summary>
    public async Task<string?> StaffCancelAsync(string reference, long version, string reason, string staff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
        {
            return "「取り消しの理由」を200文字以内で入力してください。";
        }

        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Reference == reference, ct);
        if (booking is null)
        {
            return "その予約は見つかりません。";
        }

        if (booking.Status == BookingStatus.Cancelled)
        {
            return "この予約はすでに取り消されています。";
        }

        if (booking.Version != version)
        {
            return "ほかの職員がこの予約を変更しました。画面を開き直してから、もう一度操作してください。";
        }

        db.Entry(booking).Property(b => b.Version).OriginalValue = version;
        booking.Status = BookingStatus.Cancelled;
        booking.Seat = null;
        booking.CancelledAtUtc = clock.GetUtcNow().UtcDateTime;
        booking.CancelReason = reason.Trim();
        booking.CancelledBy = staff;
        await ReleaseClaimsAsync(db, [booking.Id], ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return "ほかの職員がこの予約を変更しました。画面を開き直してから、もう一度操作してください。";
        }
    }

    private static string Digits(string s) => new([.. s.Where(char.IsAsciiDigit)]);

    private static string NewReference() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
