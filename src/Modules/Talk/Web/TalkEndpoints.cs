// /api/talk: the date/time understanding, for the chat and phone front ends and for scripts.
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Modules.Talk.Web;

internal static class TalkEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/talk");
        MapStaffExports(endpoints);

        // Public, like the web booking flow: which services exist and which slots are free.
        api.MapGet("/services", async (TalkDb db, CancellationToken ct) =>
            Results.Ok(await db.Services.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Id)
                .Select(s => new
                {
                    s.Id, s.Kind, s.Name, s.Office, s.Description, s.OpensDaysBefore, s.ClosesDaysBefore, s.ClosesHoursBefore,
                    residency = s.Residency == "" ? null : s.Residency, s.AllowCommuters, s.OncePerFiscalYear,
                }).ToListAsync(ct))).AllowAnonymous();
        api.MapGet("/services/{id:int}/slots", async (int id, string? from, string? to, TalkDb db, ReservationService reservations, TimeProvider clock, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));
            if (!TryDate(from, today.AddDays(1), out var start) || !TryDate(to, today.AddDays(28), out var end) || end < start || end.DayNumber - start.DayNumber > 92)
            {
                return Results.BadRequest(new { error = "from と to は YYYY-MM-DD で、期間は92日以内にしてください。" });
            }

            var service = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
            if (service is null)
            {
                return Results.NotFound();
            }

            var slots = await reservations.AvailabilityAsync(id, start, end, ct);
            var now = clock.GetUtcNow();
            return Results.Ok(slots.Select(s => new
            {
                s.SessionId,
                date = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                start = s.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                s.Capacity,
                s.Free,
                bookable = s.Free > 0 && OfficeCalendar.IsOpen(s.Date) && BookingWindow.Refusal(service, s.Date, s.Start, now) is null,
            }));
        }).AllowAnonymous();

        // Bookings: the same rules and the same last-seat guard as the web form, the chat and the phone.
        api.MapPost("/bookings", async (BookingBody body, ReservationService reservations, CancellationToken ct) =>
        {
            if (body is null || !TimeOnly.TryParseExact(body.SlotStart ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                return Results.BadRequest(new { error = "slotStart は HH:mm で指定してください。" });
            }

            var outcome = await reservations.BookAsync(new BookingRequest(body.SessionId, start, body.NameKana ?? "", body.Phone ?? "", body.Topic ?? "", "api", body.Residency), ct);
            if (outcome.Booking is not { } booking)
            {
                if (outcome.Ineligible)
                {
                    return Results.UnprocessableEntity(new { error = outcome.Error });
                }

                return outcome.Error!.Contains("満席", StringComparison.Ordinal) || outcome.Error.Contains("混み合って", StringComparison.Ordinal)
                    ? Results.Conflict(new { error = outcome.Error })
                    : Results.BadRequest(new { error = outcome.Error });
            }

            return Results.Created($"/api/talk/bookings/{booking.Reference}", new { booking.Reference, booking.SessionId, slotStart = booking.SlotStart.ToString("HH:mm", CultureInfo.InvariantCulture), booking.Topic });
        }).AllowAnonymous().DisableAntiforgery();

        api.MapPost("/bookings/{reference}/cancel", async (string reference, CancelBody body, ReservationService reservations, CancellationToken ct) =>
        {
            var error = await reservations.CancelAsync(reference, body?.Phone ?? "", ct);
            return error is null ? Results.Ok(new { reference, status = "cancelled" })
                : error.Contains("すでに", StringComparison.Ordinal) ? Results.Conflict(new { error })
                : Results.NotFound(new { error });
        }).AllowAnonymous().DisableAntiforgery();

        api.MapGet("/parse-datetime", (string text, string? today, TimeProvider clock) =>
        {
            var baseDay = today is null
                ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9))
                : DateOnly.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
            if (baseDay is null)
            {
                return Results.BadRequest(new { error = "today は YYYY-MM-DD で指定してください。" });
            }

            var r = JapaneseDateTimeParser.Parse(text ?? "", baseDay.Value);
            return Results.Ok(new
            {
                date = r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                time = r.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                afternoonAssumed = r.AfternoonAssumed,
            });
        });
    }

    /// <param name="Residency">resident (在住), commuter (在勤・在学) or none; needed for services with a residency rule.</param>
    internal sealed record BookingBody(int SessionId, string? SlotStart, string? NameKana, string? Phone, string? Topic, string? Residency);

    internal sealed record CancelBody(string? Phone);

    /// <summary>CSV (UTF-8 with BOM, formula-guarded) and Excel downloads of the staff list and the call-back lists.</summary>
    private static void MapStaffExports(IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("/talk/staff").RequireAuthorization(TalkPermissions.StaffPolicy).ExcludeFromDescription();
        staff.MapGet("/bookings.{ext:regex(^(csv|xlsx)$)}", async (string ext, string? office, string? from, string? to, string? status, string? channel, string? q, StaffService service, CancellationToken ct) =>
        {
            DateOnly? From(string? t) => DateOnly.TryParseExact(t ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            if ((!string.IsNullOrEmpty(from) && From(from) is null) || (!string.IsNullOrEmpty(to) && From(to) is null))
            {
                return Results.BadRequest(new { error = "「期間」は 2026-12-01 の形で指定してください。" });
            }

            var rows = StaffService.ExportRows(await service.BookingsAsync(new BookingFilter(office, From(from), From(to), status, channel, q), ct)).ToList();
            var name = $"相談予約_{service.Today:yyyyMMdd}";
            return ext == "csv"
                ? Results.File(StaffService.Csv(StaffService.ExportHeaders, rows), "text/csv; charset=utf-8", name + ".csv")
                : Results.File(StaffService.Xlsx("相談予約", StaffService.ExportHeaders, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        });
        staff.MapGet("/callbacks/{id:int}.{ext:regex(^(csv|xlsx)$)}", async (int id, string ext, StaffService service, CancellationToken ct) =>
        {
            var (bulk, bookings) = await service.CallbackListAsync(id, ct);
            if (bulk is null)
            {
                return Results.NotFound();
            }

            var rows = StaffService.CallbackRows(bookings).ToList();
            var name = $"折り返し連絡リスト_{bulk.Date:yyyyMMdd}_{id}";
            return ext == "csv"
                ? Results.File(StaffService.Csv(StaffService.CallbackHeaders, rows), "text/csv; charset=utf-8", name + ".csv")
                : Results.File(StaffService.Xlsx("折り返し連絡", StaffService.CallbackHeaders, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        });
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
