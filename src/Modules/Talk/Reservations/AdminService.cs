// talk.admin: consultation services (name, office, description, slot length, seats, booking
// window, eligibility) and their session calendars (weekday patterns over a date range, with
// public holidays and 12/29–1/3 skipped and listed). Sessions that hold bookings are never
// removed silently: removing one with live bookings is refused and the bookings are listed.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Talk.Reservations;

public sealed class ServiceInput
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Office { get; set; }
    public string? Description { get; set; }
    public string? SlotMinutes { get; set; }
    public string? Capacity { get; set; }
    public string? OpensDaysBefore { get; set; }
    public string? ClosesDaysBefore { get; set; }
    public string? ClosesHoursBefore { get; set; }
    public string? Residency { get; set; }
    public bool AllowCommuters { get; set; }
    public bool OncePerFiscalYear { get; set; }
    public bool Active { get; set; }
    public long Version { get; set; }
}

public sealed record CalendarResult(int Added, IReadOnlyList<(DateOnly Date, string Reason)> Skipped, IReadOnlyList<FieldError> Errors);

public sealed class AdminService(TalkDb db)
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["legal"] = "法律相談", ["family"] = "家庭問題相談", ["tax"] = "税務相談", ["pension-labour"] = "年金・労働相談", ["conciliation"] = "民事調停相談",
    };

    public static ServiceInput ToInput(ConsultationService s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            Kind = s.Kind, Name = s.Name, Office = s.Office, Description = s.Description, SlotMinutes = I(s.SlotMinutes), Capacity = I(s.Capacity),
            OpensDaysBefore = I(s.OpensDaysBefore), ClosesDaysBefore = I(s.ClosesDaysBefore), ClosesHoursBefore = I(s.ClosesHoursBefore),
            Residency = s.Residency, AllowCommuters = s.AllowCommuters, OncePerFiscalYear = s.OncePerFiscalYear, Active = s.Active, Version = s.Version,
        };
    }

    /// <summary>Creates (id null) or updates a service. Returns its id, or the field errors (nothing written).</summary>
    public async Task<(int? Id, List<FieldError> Errors)> SaveAsync(int? id, ServiceInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        string Text(string? v, string field, string label, int max, bool required)
        {
            var t = (v ?? "").Trim();
            if (required && t.Length == 0)
            {
                errors.Add(new(field, $"「{label}」を入力してください。"));
            }
            else if (t.Length > max)
            {
                errors.Add(new(field, $"「{label}」は{max}文字以内で入力してください。"));
            }

            return t;
        }

        int Number(string? v, string field, string label, int min, int max)
        {
            var t = OsakaDx.Platform.Text.JapaneseText.Nfkc(v)?.Trim() ?? "";
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                errors.Add(new(field, $"「{label}」は{min}から{max}までの数字で入力してください。"));
                return min;
            }

            return n;
        }

        var kind = input.Kind ?? "";
        if (!Kinds.ContainsKey(kind))
        {
            errors.Add(new("kind", "「相談の種類」を選んでください。"));
        }

        var name = Text(input.Name, "name", "名前", 100, true);
        var office = Text(input.Office, "office", "会場", 100, true);
        var description = Text(input.Description, "description", "説明", 500, false);
        var slot = Number(input.SlotMinutes, "slot-minutes", "1枠の長さ（分）", 10, 240);
        var capacity = Number(input.Capacity, "capacity", "1枠の定員", 1, 50);
        var opens = Number(input.OpensDaysBefore, "opens", "受付開始（何日前から）", 1, 366);
        var closesDays = Number(input.ClosesDaysBefore, "closes-days", "受付終了（何日前まで）", 0, 60);
        var closesHours = Number(input.ClosesHoursBefore, "closes-hours", "受付終了（何時間前まで）", 0, 72);
        if (errors.Count == 0 && closesDays >= opens)
        {
            errors.Add(new("closes-days", "「受付終了（何日前まで）」は「受付開始（何日前から）」より小さくしてください。"));
        }

        var residency = input.Residency ?? "";
        if (residency is not ("" or "city" or "ward"))
        {
            errors.Add(new("residency", "「対象となる人」を選んでください。"));
        }

        if (errors.Count == 0 && await db.Services.AnyAsync(s => s.Kind == kind && s.Office == office && s.Id != (id ?? 0), ct))
        {
            errors.Add(new("office", $"{office}の{Kinds[kind]}はすでにあります。"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        ConsultationService service;
        if (id is null)
        {
            service = new ConsultationService();
            db.Services.Add(service);
        }
        else
        {
            service = await db.Services.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new InvalidOperationException("no such service");
            if (service.Version != input.Version)
            {
                return (null, [new("name", "ほかの職員がこの設定を変更しました。画面を開き直してから、もう一度保存してください。")]);
            }

            db.Entry(service).Property(s => s.Version).OriginalValue = input.Version;
        }

        service.Kind = kind;
        service.Name = name;
        service.Office = office;
        service.Description = description;
        service.SlotMinutes = slot;
        service.Capacity = capacity;
        service.OpensDaysBefore = opens;
        service.ClosesDaysBefore = closesDays;
        service.ClosesHoursBefore = closesHours;
        service.Residency = residency;
        service.AllowCommuters = residency.Length > 0 && input.AllowCommuters;
        service.OncePerFiscalYear = input.OncePerFiscalYear;
        service.Active = input.Active;
        try
        {
            await db.SaveChangesAsync(ct);
            return (service.Id, []);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (null, [new("name", "ほかの職員がこの設定を変更しました。画面を開き直してから、もう一度保存してください。")]);
        }
    }

    /// <summary>Adds sessions on the given weekdays between two dates; closed days and days that already have a session are skipped and listed.</summary>
    public async Task<CalendarResult> AddSessionsAsync(int serviceId, IReadOnlyCollection<DayOfWeek> weekdays, DateOnly? from, DateOnly? to, TimeOnly? start, TimeOnly? end, int? slotMinutes, int? capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(weekdays);
        var errors = new List<FieldError>();
        var service = await db.Services.FirstAsync(s => s.Id == serviceId, ct);
        if (weekdays.Count == 0)
        {
            errors.Add(new("weekdays", "「曜日」を1つ以上選んでください。"));
        }

        if (from is null)
        {
            errors.Add(new("from", "「開始日」を 2026-12-01 の形で入力してください。"));
        }

        if (to is null)
        {
            errors.Add(new("to", "「終了日」を 2026-12-01 の形で入力してください。"));
        }
        else if (from is not null && (to < from || to.Value.DayNumber - from.Value.DayNumber > 366))
        {
            errors.Add(new("to", "「終了日」は開始日から1年以内の、開始日以降の日にしてください。"));
        }

        if (start is null)
        {
            errors.Add(new("start", "「開始時刻」を 13:00 の形で入力してください。"));
        }

        if (end is null || (start is not null && end <= start))
        {
            errors.Add(new("end", "「終了時刻」は開始時刻より後を 16:00 の形で入力してください。"));
        }

        var slot = slotMinutes ?? service.SlotMinutes;
        var seats = capacity ?? service.Capacity;
        if (slot is < 10 or > 240)
        {
            errors.Add(new("slot", "「1枠の長さ（分）」は10から240までの数字で入力してください。"));
        }

        if (seats is < 1 or > 50)
        {
            errors.Add(new("seats", "「1枠の定員」は1から50までの数字で入力してください。"));
        }

        if (errors.Count == 0 && start!.Value.AddMinutes(slot) > end!.Value)
        {
            errors.Add(new("end", "開始時刻から終了時刻までに、1枠も入りません。"));
        }

        if (errors.Count > 0)
        {
            return new(0, [], errors);
        }

        var existing = (await db.Sessions.Where(s => s.ServiceId == serviceId && s.Date >= from!.Value && s.Date <= to!.Value).Select(s => s.Date).ToListAsync(ct)).ToHashSet();
        var skipped = new List<(DateOnly, string)>();
        var added = 0;
        for (var d = from!.Value; d <= to!.Value; d = d.AddDays(1))
        {
            if (!weekdays.Contains(d.DayOfWeek))
            {
                continue;
            }

            if (OfficeCalendar.ClosedReason(d) is { } reason)
            {
                skipped.Add((d, reason));
            }
            else if (existing.Contains(d))
            {
                skipped.Add((d, "すでに相談日です"));
            }
            else
            {
                db.Sessions.Add(new ConsultationSession { ServiceId = serviceId, Date = d, Start = start!.Value, End = end!.Value, SlotMinutes = slot, Capacity = seats });
                added++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new(added, skipped, []);
    }

    /// <summary>Removes a session day (an exception to the pattern). Refused while it holds live bookings; returns them.</summary>
    public async Task<(bool Removed, List<Booking> Blocking)> RemoveSessionAsync(int sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return (false, []);
        }

        var live = await db.Bookings.AsNoTracking().Where(b => b.SessionId == sessionId && b.Status == BookingStatus.Booked).OrderBy(b => b.SlotStart).ToListAsync(ct);
        if (live.Count > 0)
        {
            return (false, live);
        }

        if (await db.Bookings.AnyAsync(b => b.SessionId == sessionId, ct))
        {
            // Cancelled bookings keep their history: close the day instead of deleting it.
            session.ClosedReason ??= "相談日を取りやめ";
        }
        else
        {
            db.Sessions.Remove(session);
        }

        await db.SaveChangesAsync(ct);
        return (true, []);
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
