// What ward staff do with the bookings: filtered lists (also exported to CSV and Excel), the day
// and month views, and calling a day off (storm warning): every booking of that day cancelled
// with the reason, the sessions closed to new bookings, and a call-back list to work through.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Talk.Reservations;

public sealed record BookingFilter(string? Office, DateOnly? From, DateOnly? To, string? Status, string? Channel, string? Query);

public sealed record DayFill(DateOnly Date, int Seats, int Booked, int Sessions, bool Closed)
{
    public int Percent => Seats == 0 ? 0 : (int)Math.Round(100.0 * Booked / Seats);
}

public sealed record BulkPreview(DateOnly Date, string? Office, IReadOnlyList<Booking> Bookings, int Sessions);

public sealed class StaffService(TalkDb db, TimeProvider clock)
{
    public const int ListLimit = 2000;

    public static readonly IReadOnlyList<string> ExportHeaders = ["日付", "曜日", "時刻", "会場", "相談", "予約番号", "お名前（ふりがな）", "電話番号", "相談の種類", "受付", "状態", "取り消しの理由"];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));

    public async Task<List<Booking>> BookingsAsync(BookingFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = filter.From ?? Today;
        var query = db.Bookings.AsNoTracking().Include(b => b.Session).ThenInclude(s => s!.Service).Where(b => b.Session!.Date >= from);
        if (filter.To is { } to)
        {
            query = query.Where(b => b.Session!.Date <= to);
        }

        if (!string.IsNullOrEmpty(filter.Office))
        {
            query = query.Where(b => b.Session!.Service!.Office == filter.Office);
        }

        if (filter.Status is "booked" or "cancelled")
        {
            var status = filter.Status == "booked" ? BookingStatus.Booked : BookingStatus.Cancelled;
            query = query.Where(b => b.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.Channel))
        {
            query = query.Where(b => b.Channel == filter.Channel);
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = OsakaDx.Platform.Text.JapaneseText.Nfkc(filter.Query)!.Trim();
            var digits = new string([.. q.Where(char.IsAsciiDigit)]);
            query = query.Where(b => b.Reference == q || b.NameKana.Contains(q) || (digits.Length >= 4 && b.Phone.Replace("-", "").Contains(digits)));
        }

        return [.. (await query.OrderBy(b => b.Session!.Date).ThenBy(b => b.SlotStart).ThenBy(b => b.Id).Take(ListLimit).ToListAsync(ct))];
    }

    public static IEnumerable<IReadOnlyList<string?>> ExportRows(IEnumerable<Booking> bookings) =>
        bookings.Select(b => (IReadOnlyList<string?>)
        [
            b.Session!.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), JapaneseFormat.Weekday(b.Session.Date), b.SlotStart.ToString("HH:mm", CultureInfo.InvariantCulture),
            b.Session.Service!.Office, b.Session.Service.Name, b.Reference, b.NameKana, b.Phone, b.Topic, ChannelName(b.Channel),
            b.Status == BookingStatus.Booked ? "予約中" : "取消済み", b.CancelReason,
        ]);

    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows) =>
        CsvWriter.WriteToArray(headers, rows, CsvOutputEncoding.Utf8WithBom);

    public static byte[] Xlsx(string sheet, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var book = new XlsxWriter();
        var s = book.AddSheet(sheet);
        s.AddHeader([.. headers]);
        foreach (var row in rows)
        {
            s.AddRow([.. row.Cast<object?>()]);
        }

        return book.ToArray();
    }

    public static string ChannelName(string c) => c switch
    {
        "phone" => "電話",
        "softphone" => "ブラウザ電話",
        "chat" => "チャット",
        "web" => "ウェブ",
        "api" => "API",
        "staff" => "窓口",
        _ => c,
    };

    /// <summary>Sessions of a day (all offices or one), with their bookings.</summary>
    public async Task<List<(ConsultationSession Session, List<Booking> Bookings)>> DayAsync(DateOnly date, string? office, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Service).Where(s => s.Date == date && (office == null || office == "" || s.Service!.Office == office)).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var bookings = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.SessionId)).ToListAsync(ct);
        return [.. sessions.OrderBy(s => s.ServiceId).Select(s => (s, bookings.Where(b => b.SessionId == s.Id).OrderBy(b => b.SlotStart).ThenBy(b => b.Seat ?? int.MaxValue).ThenBy(b => b.Id).ToList()))];
    }

    /// <summary>Seats and live bookings per day of a month.</summary>
    public async Task<Dictionary<DateOnly, DayFill>> MonthAsync(int year, int month, string? office, CancellationToken ct)
    {
        var first = new DateOnly(year, month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.Date >= first && s.Date <= last && (office == null || office == "" || s.Service!.Office == office)).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked)
            .GroupBy(b => b.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return sessions.GroupBy(s => s.Date).ToDictionary(g => g.Key, g => new DayFill(
            g.Key,
            g.Sum(s => s.ClosedReason is null ? ReservationService.SlotStarts(s).Count() * s.Capacity : 0),
            g.Sum(s => counts.FirstOrDefault(c => c.Key == s.Id)?.Count ?? 0),
            g.Count(),
            g.All(s => s.ClosedReason is not null)));
    }

    public async Task<List<string>> OfficesAsync(CancellationToken ct) =>
        await db.Services.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Office).Distinct().ToListAsync(ct);

    public async Task<BulkPreview> PreviewBulkAsync(DateOnly date, string? office, CancellationToken ct)
    {
        var office1 = string.IsNullOrEmpty(office) ? null : office;
        var sessions = await db.Sessions.AsNoTracking().CountAsync(s => s.Date == date && (office1 == null || s.Service!.Office == office1), ct);
        var bookings = await db.Bookings.AsNoTracking().Include(b => b.Session).ThenInclude(s => s!.Service)
            .Where(b => b.Session!.Date == date && b.Status == BookingStatus.Booked && (office1 == null || b.Session.Service!.Office == office1))
            .OrderBy(b => b.Session!.ServiceId).ThenBy(b => b.SlotStart).ToListAsync(ct);
        return new(date, office1, bookings, sessions);
    }

    /// <summary>
    /// Calls a day off: every live booking of that day (one office or all) is cancelled with the
    /// reason, the sessions refuse new bookings, and the bookings form the call-back list. One
    /// transaction: either all of it happens or none. Returns the list's id or an error.
    /// </summary>
    public async Task<(int? Id, string? Error)> BulkCancelAsync(DateOnly date, string? office, string reason, string staff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
        {
            return (null, "「中止の理由」を200文字以内で入力してください。");
        }

        if (date < Today)
        {
            return (null, "「日付」には今日以降の日を選んでください。");
        }

        var office1 = string.IsNullOrEmpty(office) ? null : office;
        var sessions = await db.Sessions.Where(s => s.Date == date && (office1 == null || s.Service!.Office == office1)).ToListAsync(ct);
        if (sessions.Count == 0)
        {
            return (null, "その日に相談の予定がありません。「日付」と「会場」を確かめてください。");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var bulk = new BulkCancellation { Date = date, Office = office1, Reason = reason.Trim(), CreatedBy = staff, CreatedAtUtc = now };
        db.BulkCancellations.Add(bulk);
        await db.SaveChangesAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var bookings = await db.Bookings.Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked).ToListAsync(ct);
        foreach (var b in bookings)
        {
            b.Status = BookingStatus.Cancelled;
            b.Seat = null;
            b.CancelledAtUtc = now;
            b.CancelledBy = staff;
            b.CancelReason = bulk.Reason;
            b.BulkCancellationId = bulk.Id;
        }

        foreach (var s in sessions)
        {
            s.ClosedReason = bulk.Reason;
        }

        bulk.Cancelled = bookings.Count;
        await ReservationService.ReleaseClaimsAsync(db, [.. bookings.Select(b => b.Id)], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (bulk.Id, null);
    }

    public async Task<(BulkCancellation? Bulk, List<Booking> Bookings)> CallbackListAsync(int id, CancellationToken ct)
    {
        var bulk = await db.BulkCancellations.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        var bookings = bulk is null ? [] : await db.Bookings.AsNoTracking().Include(b => b.Session).ThenInclude(s => s!.Service)
            .Where(b => b.BulkCancellationId == id).OrderBy(b => b.Session!.ServiceId).ThenBy(b => b.SlotStart).ThenBy(b => b.Id).ToListAsync(ct);
        return (bulk, bookings);
    }

    public async Task<List<BulkCancellation>> RecentBulkAsync(CancellationToken ct) =>
        [.. (await db.BulkCancellations.AsNoTracking().ToListAsync(ct)).OrderByDescending(b => b.CreatedAtUtc).Take(20)];

    /// <summary>Saves the "called" ticks of a call-back list: ticked ones get the time (kept if already set), unticked ones are cleared.</summary>
    public async Task<int> SaveCalledAsync(int id, IReadOnlyCollection<int> called, string staff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(called);
        var now = clock.GetUtcNow().UtcDateTime;
        var bookings = await db.Bookings.Where(b => b.BulkCancellationId == id).ToListAsync(ct);
        foreach (var b in bookings)
        {
            var tick = called.Contains(b.Id);
            if (tick && b.CalledBackAtUtc is null)
            {
                b.CalledBackAtUtc = now;
                b.CalledBackBy = staff;
            }
            else if (!tick && b.CalledBackAtUtc is not null)
            {
                b.CalledBackAtUtc = null;
                b.CalledBackBy = null;
            }
        }

        await db.SaveChangesAsync(ct);
        return bookings.Count(b => b.CalledBackAtUtc is not null);
    }

    public static readonly IReadOnlyList<string> CallbackHeaders = ["お名前（ふりがな）", "電話番号", "会場", "日付", "時刻", "予約番号", "受付", "連絡済み", "連絡した職員"];

    public static IEnumerable<IReadOnlyList<string?>> CallbackRows(IEnumerable<Booking> bookings) =>
        bookings.Select(b => (IReadOnlyList<string?>)
        [
            b.NameKana, b.Phone, b.Session!.Service!.Office, b.Session.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.SlotStart.ToString("HH:mm", CultureInfo.InvariantCulture),
            b.Reference, ChannelName(b.Channel), b.CalledBackAtUtc is null ? "" : "済", b.CalledBackBy,
        ]);
}
