using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

/// <summary>Day and month views, filters, exports, cancelling one booking and calling a day off, through the real HTTP pipeline.</summary>
[Collection(HostGroup.Name)]
public sealed partial class StaffViewsTests(HostFixture host)
{
    private static int counter;

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
            ["Input.UserName"] = who.User, ["Input.Password"] = who.Password, ["ReturnUrl"] = "/talk/staff",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static DateOnly Day(int days)
    {
        var d = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(days);
        while (!OfficeCalendar.IsOpen(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>A fresh office with one session and bookings by the given people.</summary>
    private async Task<(string Office, ConsultationSession Session, List<Booking> Bookings)> OfficeWithBookingsAsync(DateOnly day, params string[] people)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        var office = $"職員テスト会場{Interlocked.Increment(ref counter)}";
        var session = new ConsultationSession { Service = new ConsultationService { Kind = "legal-test", Name = "法律相談", Office = office }, Date = day, Start = new TimeOnly(13, 0), End = new TimeOnly(15, 0), SlotMinutes = 30, Capacity = 2 };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        var reservations = scope.ServiceProvider.GetRequiredService<ReservationService>();
        var bookings = new List<Booking>();
        for (var i = 0; i < people.Length; i++)
        {
            var outcome = await reservations.BookAsync(new BookingRequest(session.Id, new TimeOnly(13, 0).AddMinutes(30 * (i % 4)), people[i], $"06-6100-{1000 + i}", "相続", "phone"), default);
            Assert.True(outcome.Succeeded, outcome.Error);
            bookings.Add(outcome.Booking!);
        }

        return (office, session, bookings);
    }

    [Fact]
    public async Task DayAndMonthViewsShowSlotsSeatsPeopleAndFillRate()
    {
        var day = Day(6);
        var (office, _, bookings) = await OfficeWithBookingsAsync(day, "ひがし いちろう", "ひがし じろう", "ひがし さぶろう");
        var client = await SignedInAsync(DemoSeed.StaffAccount);
        var page = await client.GetStringAsync(U($"/talk/staff/day?date={day:yyyy-MM-dd}&office={Uri.EscapeDataString(office)}"));
        Assert.Contains("予約 3 / 8 席", page, StringComparison.Ordinal);
        Assert.Contains("ひがし じろう", page, StringComparison.Ordinal);
        Assert.Contains(bookings[2].Reference, page, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(page, "class=\"talk-free\""));
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);

        var month = await client.GetStringAsync(U($"/talk/staff/month?month={day:yyyy-MM}&office={Uri.EscapeDataString(office)}"));
        Assert.Contains("3 / 8（38%）", month, StringComparison.Ordinal);
        Assert.Contains($"/talk/staff/day?date={day:yyyy-MM-dd}", month, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(U("/talk/staff/month?month=2026-13"))).StatusCode);

        // All offices: the demo's 法律相談 days are there too.
        Assert.Contains("（", await client.GetStringAsync(U("/talk/staff/month")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListFiltersAndExportsCsvAndExcel()
    {
        var day = Day(8);
        var (office, _, bookings) = await OfficeWithBookingsAsync(day, "にし はなこ", "にし たろう");
        var client = await SignedInAsync(DemoSeed.StaffAccount);
        var list = await client.GetStringAsync(U($"/talk/staff?office={Uri.EscapeDataString(office)}&q=たろう"));
        Assert.Contains("にし たろう", list, StringComparison.Ordinal);
        Assert.DoesNotContain("にし はなこ", list, StringComparison.Ordinal);
        Assert.Contains(bookings[0].Reference, await client.GetStringAsync(U($"/talk/staff?q={bookings[0].Reference}")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(U("/talk/staff?from=12/1"))).StatusCode);

        var csv = await client.GetAsync(U($"/talk/staff/bookings.csv?office={Uri.EscapeDataString(office)}"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("日付,曜日,時刻,会場", lines[0], StringComparison.Ordinal);
        Assert.Contains("にし はなこ", text, StringComparison.Ordinal);

        var xlsx = await client.GetAsync(U($"/talk/staff/bookings.xlsx?office={Uri.EscapeDataString(office)}"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(stream, false);
        var strings = doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.InnerText;
        Assert.Contains("にし たろう", strings, StringComparison.Ordinal);
        Assert.Contains(office, strings, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await host.Client().GetAsync(U("/talk/staff/bookings.csv"))).StatusCode);
    }

    [Fact]
    public async Task StaffCancelOneBookingWithAReason()
    {
        var (_, _, bookings) = await OfficeWithBookingsAsync(Day(7), "きた ごろう");
        var reference = bookings[0].Reference;
        var client = await SignedInAsync(DemoSeed.StaffAccount);
        var page = await client.GetStringAsync(U($"/talk/staff/bookings/{reference}/cancel"));
        Assert.Contains("きた ごろう", page, StringComparison.Ordinal);
        var version = Regex.Match(page, "name=\"Version\" value=\"([0-9]+)\"").Groups[1].Value;

        FormUrlEncodedContent Form(string reason, string v) => new(new Dictionary<string, string>
        {
            ["_handler"] = "cancel", ["__RequestVerificationToken"] = Token(page), ["Reason"] = reason, ["Version"] = v,
        });

        var noReason = await client.PostAsync(U($"/talk/staff/bookings/{reference}/cancel"), Form("", version));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("「取り消しの理由」", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stale = await client.PostAsync(U($"/talk/staff/bookings/{reference}/cancel"), Form("本人から電話", "999"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var done = await client.PostAsync(U($"/talk/staff/bookings/{reference}/cancel"), Form("本人から電話で取り消しの申し出", version));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var booking = await scope.ServiceProvider.GetRequiredService<TalkDb>().Bookings.AsNoTracking().SingleAsync(b => b.Reference == reference);
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Null(booking.Seat);
        Assert.Equal("本人から電話で取り消しの申し出", booking.CancelReason);
        Assert.Equal(DemoSeed.StaffAccount.User, booking.CancelledBy);
    }

    [Fact]
    public async Task CallingADayOffCancelsEveryBookingAndProducesTheCallBackList()
    {
        var day = Day(10);
        var (office, session, bookings) = await OfficeWithBookingsAsync(day, "あらし いち", "あらし に", "あらし さん");
        var client = await SignedInAsync(DemoSeed.StaffAccount);
        var query = $"date={day:yyyy-MM-dd}&office={Uri.EscapeDataString(office)}&reason={Uri.EscapeDataString("暴風警報の発表により中止")}";

        var missingReason = await client.GetAsync(U($"/talk/staff/bulk-cancel?go=1&date={day:yyyy-MM-dd}&office={Uri.EscapeDataString(office)}"));
        Assert.Equal(HttpStatusCode.BadRequest, missingReason.StatusCode);
        Assert.Contains("「中止の理由」", await missingReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var confirm = await client.GetStringAsync(U($"/talk/staff/bulk-cancel?go=1&{query}"));
        Assert.Contains("<span id=\"to-cancel\">3 件</span>", confirm, StringComparison.Ordinal);
        Assert.Contains("あらし さん", confirm, StringComparison.Ordinal);

        var post = await client.PostAsync(U("/talk/staff/bulk-cancel"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "bulk", ["__RequestVerificationToken"] = Token(confirm),
            ["Date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["Office"] = office, ["Reason"] = "暴風警報の発表により中止",
        }));
        Assert.True(post.StatusCode == HttpStatusCode.Redirect, await post.Content.ReadAsStringAsync());
        var listUrl = post.Headers.Location!.IsAbsoluteUri ? post.Headers.Location.PathAndQuery : post.Headers.Location.ToString();
        Assert.Matches("/talk/staff/callbacks/[0-9]+$", listUrl);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var after = await db.Bookings.AsNoTracking().Where(b => b.SessionId == session.Id).ToListAsync();
            Assert.All(after, b => Assert.Equal(BookingStatus.Cancelled, b.Status));
            Assert.All(after, b => Assert.Equal("暴風警報の発表により中止", b.CancelReason));
            Assert.Equal("暴風警報の発表により中止", (await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session.Id)).ClosedReason);

            // The day is closed to new bookings in every channel.
            using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
            var again = await scope.ServiceProvider.GetRequiredService<ReservationService>().BookAsync(new BookingRequest(session.Id, new TimeOnly(14, 0), "あらし よん", "0661009999", "相続", "web"), default);
            Assert.False(again.Succeeded);
            Assert.Contains("中止", again.Error, StringComparison.Ordinal);
        }

        var list = await client.GetStringAsync(U(listUrl));
        Assert.Contains("あらし いち", list, StringComparison.Ordinal);
        Assert.Contains("06-6100-1001", list, StringComparison.Ordinal);
        Assert.Contains(bookings[2].Reference, list, StringComparison.Ordinal);

        // Tick one person as called, without JavaScript: a plain form post.
        var saved = await client.PostAsync(U(listUrl), new FormUrlEncodedContent(new[]
        {
            new KeyValuePair<string, string>("_handler", "called"), new("__RequestVerificationToken", Token(list)),
            new("Called", bookings[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reloaded = await client.GetStringAsync(saved.Headers.Location);
        Assert.Contains("連絡済み 1 件", reloaded, StringComparison.Ordinal);
        Assert.Matches($"id=\"called-{bookings[1].Id}\"[^>]*checked", reloaded);
        Assert.DoesNotMatch($"id=\"called-{bookings[0].Id}\"[^>]*checked", reloaded);

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync(U(listUrl + ".csv")));
        Assert.Contains("あらし に,06-6100-1001", csv, StringComparison.Ordinal);
        Assert.Contains(",済,kuyakusho", csv, StringComparison.Ordinal);
        var xlsx = await client.GetAsync(U(listUrl + ".xlsx"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);

        // Unticking clears it.
        var list2 = await client.GetStringAsync(U(listUrl));
        await client.PostAsync(U(listUrl), new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "called", ["__RequestVerificationToken"] = Token(list2) }));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<TalkDb>().Bookings.AnyAsync(b => b.SessionId == session.Id && b.CalledBackAtUtc != null));
        }
    }
}
