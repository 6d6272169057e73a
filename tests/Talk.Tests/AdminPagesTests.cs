using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

/// <summary>talk.admin: services with their rules and the session calendars, through the real HTTP pipeline.</summary>
[Collection(HostGroup.Name)]
public sealed partial class AdminPagesTests(HostFixture host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static Uri U(string s) => new(s, UriKind.Relative);

    private static string Token(string page) => TokenPattern().Matches(page)[^1].Groups[1].Value;

    private async Task<HttpClient> SignedInAsync((string User, string Password, string Name) who)
    {
        var client = host.Client();
        var login = await client.GetStringAsync(U("/account/login"));
        var signIn = await client.PostAsync(U("/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = Token(login),
            ["Input.UserName"] = who.User, ["Input.Password"] = who.Password, ["ReturnUrl"] = "/talk/admin/services",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task WardStaffCannotConfigureServices()
    {
        var client = await SignedInAsync(DemoSeed.StaffAccount);
        var response = await client.GetAsync(U("/talk/admin/services"));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnAdministratorCreatesAServiceWithRulesAndACalendar()
    {
        var client = await SignedInAsync(DemoSeed.AdminAccount);
        var list = await client.GetStringAsync(U("/talk/admin/services"));
        Assert.Contains("相談日の28日前から前日まで", list, StringComparison.Ordinal);
        Assert.Contains("阿倍野区内在住", list, StringComparison.Ordinal);

        var form = await client.GetStringAsync(U("/talk/admin/services/new"));
        Dictionary<string, string> Fields(string page, string office, string opens) => new()
        {
            ["_handler"] = "service", ["__RequestVerificationToken"] = Token(page), ["Input.Version"] = "0",
            ["Input.Kind"] = "tax", ["Input.Name"] = "税務相談", ["Input.Office"] = office, ["Input.Description"] = "税理士による相談",
            ["Input.SlotMinutes"] = "20", ["Input.Capacity"] = "1", ["Input.OpensDaysBefore"] = opens, ["Input.ClosesDaysBefore"] = "2", ["Input.ClosesHoursBefore"] = "0",
            ["Input.Residency"] = "city", ["Input.AllowCommuters"] = "true", ["Input.OncePerFiscalYear"] = "true", ["Input.Active"] = "true",
        };

        var office = $"管理テスト区役所{Guid.NewGuid():N}"[..16];
        var bad = await client.PostAsync(U("/talk/admin/services/new"), new FormUrlEncodedContent(Fields(form, office, "0")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("「受付開始（何日前から）」は1から366まで", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await client.PostAsync(U("/talk/admin/services/new"), new FormUrlEncodedContent(Fields(form, office, "14")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        ConsultationService service;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            service = await scope.ServiceProvider.GetRequiredService<TalkDb>().Services.AsNoTracking().SingleAsync(s => s.Office == office);
        }

        Assert.Equal(("tax", 20, 14, 2, "city", true, true), (service.Kind, service.SlotMinutes, service.OpensDaysBefore, service.ClosesDaysBefore, service.Residency, service.AllowCommuters, service.OncePerFiscalYear));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(U("/talk/admin/services/new"), new FormUrlEncodedContent(Fields(form, office, "14")))).StatusCode);

        // A stale edit is refused; a fresh one is saved.
        var edit = await client.GetStringAsync(U($"/talk/admin/services/{service.Id}"));
        var stale = Fields(edit, office, "21");
        stale["Input.Version"] = (service.Version + 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(U($"/talk/admin/services/{service.Id}"), new FormUrlEncodedContent(stale))).StatusCode);
        var fresh = Fields(edit, office, "21");
        fresh["Input.Version"] = service.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fresh.Remove("Input.OncePerFiscalYear");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(U($"/talk/admin/services/{service.Id}"), new FormUrlEncodedContent(fresh))).StatusCode);

        // Calendar: Mondays and Thursdays for six weeks from next month; holidays are skipped and listed.
        var from = new DateOnly(2027, 1, 1);
        var sessionsPage = await client.GetStringAsync(U($"/talk/admin/services/{service.Id}/sessions"));
        var add = await client.PostAsync(U($"/talk/admin/services/{service.Id}/sessions"), new FormUrlEncodedContent(new[]
        {
            new KeyValuePair<string, string>("_handler", "add"), new("__RequestVerificationToken", Token(sessionsPage)),
            new("Weekdays", "1"), new("Weekdays", "4"), new("From", "2027-01-01"), new("To", "2027-01-31"), new("Start", "13:00"), new("End", "16:00"), new("Slot", "20"), new("Seats", "1"),
        }));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        var added = await add.Content.ReadAsStringAsync();
        Assert.Contains("2027年1月11日（月）（祝日）", added, StringComparison.Ordinal);
        Assert.Contains("相談日を 7 日追加しました", added, StringComparison.Ordinal);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var days = await db.Sessions.AsNoTracking().Where(s => s.ServiceId == service.Id).Select(s => s.Date).ToListAsync();
            Assert.DoesNotContain(new DateOnly(2027, 1, 11), days); // 成人の日
            Assert.All(days, d => Assert.True(OfficeCalendar.IsOpen(d)));
            Assert.Equal(7, days.Count); // Jan 2027: Mondays 4, 18, 25 and Thursdays 7, 14, 21, 28
        }

        var missing = await client.PostAsync(U($"/talk/admin/services/{service.Id}/sessions"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add", ["__RequestVerificationToken"] = Token(sessionsPage), ["From"] = "2027-02-01", ["To"] = "2027-02-28", ["Start"] = "13:00", ["End"] = "12:00",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingText = await missing.Content.ReadAsStringAsync();
        Assert.Contains("「曜日」を1つ以上選んでください。", missingText, StringComparison.Ordinal);
        Assert.Contains("「終了時刻」", missingText, StringComparison.Ordinal);
        _ = from;
    }

    [Fact]
    public async Task ASessionWithBookingsIsNeverRemovedSilently()
    {
        int sessionId, emptyId, serviceId;
        string reference;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var service = new ConsultationService { Kind = "family", Name = "家庭問題相談", Office = $"削除テスト{Guid.NewGuid():N}"[..14], OpensDaysBefore = 60 };
            var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(5);
            while (!OfficeCalendar.IsOpen(day))
            {
                day = day.AddDays(1);
            }

            var session = new ConsultationSession { Service = service, Date = day, Start = new TimeOnly(13, 0), End = new TimeOnly(14, 0), SlotMinutes = 30, Capacity = 1 };
            var empty = new ConsultationSession { Service = service, Date = day.AddDays(7), Start = new TimeOnly(13, 0), End = new TimeOnly(14, 0), SlotMinutes = 30, Capacity = 1 };
            db.Sessions.AddRange(session, empty);
            await db.SaveChangesAsync();
            var booked = await scope.ServiceProvider.GetRequiredService<ReservationService>().BookAsync(new BookingRequest(session.Id, new TimeOnly(13, 0), "けす な", "0612340000", "その他", "web"), default);
            Assert.True(booked.Succeeded, booked.Error);
            (sessionId, emptyId, serviceId, reference) = (session.Id, empty.Id, service.Id, booked.Booking!.Reference);
        }

        var client = await SignedInAsync(DemoSeed.AdminAccount);
        var page = await client.GetStringAsync(U($"/talk/admin/services/{serviceId}/sessions"));
        var refused = await client.PostAsync(U($"/talk/admin/services/{serviceId}/sessions"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"remove-{sessionId}", ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("予約があるため", text, StringComparison.Ordinal);
        Assert.Contains(reference, text, StringComparison.Ordinal);

        var removed = await client.PostAsync(U($"/talk/admin/services/{serviceId}/sessions"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"remove-{emptyId}", ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            Assert.True(await db.Sessions.AnyAsync(s => s.Id == sessionId));
            Assert.False(await db.Sessions.AnyAsync(s => s.Id == emptyId));
            Assert.Equal(BookingStatus.Booked, (await db.Bookings.SingleAsync(b => b.Reference == reference)).Status);
        }
    }
}
