using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

/// <summary>Booking window, residency and once-per-fiscal-year rules in the core, the dialogue (chat and phone), the web flow and the API.</summary>
[Collection(HostGroup.Name)]
public sealed partial class EligibilityTests(HostFixture host)
{
    private static int counter;

    [GeneratedRegex("name=\"slot\" value=\"([0-9]+-[0-9]{4})\"")]
    private static partial Regex SlotPattern();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private static DateOnly OpenDayAfter(int days)
    {
        var d = Today.AddDays(days);
        while (!OfficeCalendar.IsOpen(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>A fresh service (its own kind unless given) with sessions on the given days.</summary>
    private async Task<(ConsultationService Service, List<ConsultationSession> Sessions)> ServiceAsync(Action<ConsultationService> rules, string? kind = null, params DateOnly[] days)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        var n = Interlocked.Increment(ref counter);
        var service = new ConsultationService { Kind = kind ?? $"rule{n}", Name = "テスト相談", Office = $"規則テスト会場{n}" };
        rules(service);
        db.Services.Add(service);
        var sessions = days.Select(d => new ConsultationSession { Service = service, Date = d, Start = new TimeOnly(13, 0), End = new TimeOnly(16, 0), SlotMinutes = 30, Capacity = 2 }).ToList();
        db.Sessions.AddRange(sessions);
        await db.SaveChangesAsync();
        return (service, sessions);
    }

    private async Task<BookingOutcome> BookAsync(ConsultationSession session, string name, string phone, string? residency = null, string? replaces = null)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
        return await scope.ServiceProvider.GetRequiredService<ReservationService>()
            .BookAsync(new BookingRequest(session.Id, new TimeOnly(13, 30), name, phone, "相続", "web", residency, replaces), default);
    }

    [Fact]
    public async Task TheWindowOpensNDaysBeforeAndClosesMDaysBefore()
    {
        var near = OpenDayAfter(2);
        var far = OpenDayAfter(20);
        var (_, sessions) = await ServiceAsync(s => { s.OpensDaysBefore = 14; s.ClosesDaysBefore = 9; }, null, near, far);
        var early = await BookAsync(sessions[1], "まど はなこ", "0611112222");
        Assert.False(early.Succeeded);
        Assert.True(early.Ineligible);
        Assert.Contains("14日前から", early.Error, StringComparison.Ordinal);
        Assert.Contains(OsakaDx.Modules.Talk.Dates.JapaneseFormat.Date(far.AddDays(-14)), early.Error, StringComparison.Ordinal);

        var late = await BookAsync(sessions[0], "まど はなこ", "0611112222");
        Assert.False(late.Succeeded);
        Assert.Contains("9日前まで", late.Error, StringComparison.Ordinal);

        var (_, ok) = await ServiceAsync(s => { s.OpensDaysBefore = 30; s.ClosesDaysBefore = 1; }, null, far);
        Assert.True((await BookAsync(ok[0], "まど はなこ", "0611112222")).Succeeded);
    }

    [Fact]
    public void SameDayBookingClosesHoursBeforeTheSlot()
    {
        var service = new ConsultationService { Name = "テスト", ClosesDaysBefore = 0, ClosesHoursBefore = 2, OpensDaysBefore = 7 };
        var today = new DateOnly(2026, 12, 1);
        var at10 = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero); // 10:00 JST
        Assert.Null(BookingWindow.Refusal(service, today, new TimeOnly(13, 0), at10));
        Assert.Contains("2時間前まで", BookingWindow.Refusal(service, today, new TimeOnly(11, 30), at10), StringComparison.Ordinal);
        Assert.Contains("過ぎて", BookingWindow.Refusal(service, today, new TimeOnly(9, 30), at10), StringComparison.Ordinal);
        Assert.Contains("7日前から", BookingWindow.Refusal(service, today.AddDays(8), new TimeOnly(13, 0), at10), StringComparison.Ordinal);
        Assert.Equal("相談日の7日前から相談の2時間前まで", BookingWindow.Describe(service));
        Assert.Equal("相談日の28日前から前日まで", BookingWindow.Describe(new ConsultationService { OpensDaysBefore = 28, ClosesDaysBefore = 1 }));
    }

    [Fact]
    public async Task ResidentsOnlyAndCommutersWhenAllowed()
    {
        var day = OpenDayAfter(5);
        var (_, cityOnly) = await ServiceAsync(s => s.Residency = "city", null, day);
        Assert.Contains("お住まい", (await BookAsync(cityOnly[0], "すみ たろう", "0622223333")).Error, StringComparison.Ordinal);
        var commuter = await BookAsync(cityOnly[0], "すみ たろう", "0622223333", Residency.Commuter);
        Assert.True(commuter.Ineligible);
        Assert.Contains("お住まいの方だけ", commuter.Error, StringComparison.Ordinal);
        var resident = await BookAsync(cityOnly[0], "すみ たろう", "0622223333", Residency.Resident);
        Assert.True(resident.Succeeded, resident.Error);
        Assert.Equal(Residency.Resident, resident.Booking!.Residency);

        var (_, withCommuters) = await ServiceAsync(s => { s.Residency = "ward"; s.AllowCommuters = true; }, null, day);
        Assert.True((await BookAsync(withCommuters[0], "すみ たろう", "0622223333", Residency.Commuter)).Succeeded);
        Assert.False((await BookAsync(withCommuters[0], "すみ じろう", "0622223334", Residency.None)).Succeeded);

        Assert.Equal(Residency.Resident, Residency.Parse("はい、住んでいます", false));
        Assert.Equal(Residency.None, Residency.Parse("住んでいません", false));
        Assert.Equal(Residency.Commuter, Residency.Parse("勤めています", true));
        Assert.Equal(Residency.Commuter, Residency.Parse("2", true));
        Assert.Equal(Residency.None, Residency.Parse("2", false));
        Assert.Equal(Residency.None, Residency.Parse("3", true));
        Assert.Null(Residency.Parse("ええと", true));
    }

    [Fact]
    public async Task OncePerFiscalYearPerPersonAcrossOfficesOfTheSameKind()
    {
        var kind = $"yearly{Interlocked.Increment(ref counter)}";
        var day1 = OpenDayAfter(4);
        var day2 = OpenDayAfter(9);
        var (_, a) = await ServiceAsync(s => s.OncePerFiscalYear = true, kind, day1);
        var (_, b) = await ServiceAsync(s => s.OncePerFiscalYear = true, kind, day2);
        var first = await BookAsync(a[0], "ヤマダ ハナコ", "06-3333-4444");
        Assert.True(first.Succeeded, first.Error);

        // The same person (kana written differently, phone with other separators) at another office of the same kind.
        var again = await BookAsync(b[0], "やまだはなこ", "0633334444");
        Assert.False(again.Succeeded);
        Assert.True(again.Ineligible);
        Assert.Contains("年度に1回", again.Error, StringComparison.Ordinal);

        // A family member sharing the landline is another person; a change of the booking is not a second one.
        Assert.True((await BookAsync(b[0], "やまだ たろう", "0633334444")).Succeeded);
        Assert.True((await BookAsync(b[0], "やまだ はなこ", "0633334444", replaces: first.Booking!.Reference)).Succeeded);

        // Once cancelled, the person may book again.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            using var actor = OsakaDx.Platform.Audit.AuditActor.Use(null, "test");
            var reservations = scope.ServiceProvider.GetRequiredService<ReservationService>();
            Assert.Null(await reservations.CancelAsync(first.Booking.Reference, "0633334444", default));
        }

        var (_, c) = await ServiceAsync(s => s.OncePerFiscalYear = true, kind, day1);
        Assert.False((await BookAsync(c[0], "やまだ はなこ", "0633334444")).Succeeded, "the changed booking still holds this year's turn");
    }

    private async Task<(AsyncServiceScope Scope, BookingDialogue Dialogue)> DialogueAsync(string channel = "chat", string? callerId = null)
    {
        var scope = host.Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await Task.CompletedTask;
        return (scope, new BookingDialogue(sp.GetRequiredService<TalkDb>(), sp.GetRequiredService<ReservationService>(), sp.GetRequiredService<TimeProvider>(), channel) { CallerId = callerId });
    }

    private async Task<ConsultationSession> FirstBookableAsync(string office)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Office == office);
        var slot = (await scope.ServiceProvider.GetRequiredService<ReservationService>().BookableAsync(service, null, null, default))[0];
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == slot.SessionId);
    }

    [Fact]
    public async Task TheDialogueAsksWhereTheCallerLivesAndRefusesOthers()
    {
        // Demo: 阿倍野区役所 is for 阿倍野区内在住 only, once a fiscal year.
        var (scope, dialogue) = await DialogueAsync();
        await using var _ = scope;
        dialogue.Start();
        var question = await dialogue.HandleAsync("阿倍野区", default);
        Assert.Contains("阿倍野区内にお住まいの方が対象", question, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Residency, dialogue.State);
        var refused = await dialogue.HandleAsync("いいえ", default);
        Assert.Contains("阿倍野区内にお住まいの方だけ", refused, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Done, dialogue.State);
        Assert.Equal(OsakaDx.Modules.Talk.Data.CallOutcome.Abandoned, dialogue.Outcome);
    }

    [Fact]
    public async Task ThePhoneDialogueBooksOnceAndRefusesTheSecondBookingThisYearEarly()
    {
        var session = await FirstBookableAsync("阿倍野区役所");
        async Task<(BookingDialogue Dialogue, string Last)> RunAsync()
        {
            var (scope, dialogue) = await DialogueAsync("phone", "0666220000");
            await using var _ = scope;
            dialogue.Start();
            await dialogue.HandleAsync("阿倍野区", default);
            Assert.Contains("予約は相談日の28日前から前日まで", await dialogue.HandleAsync("1", default), StringComparison.Ordinal);
            Assert.Contains("空いているのは", await dialogue.HandleAsync(session.Date.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture), default), StringComparison.Ordinal);
            await dialogue.HandleAsync("1", default);
            await dialogue.HandleAsync("あべの はなこ", default);
            var afterCallerId = await dialogue.HandleAsync("1", default);
            if (dialogue.State == DialogueState.Done)
            {
                return (dialogue, afterCallerId);
            }

            await dialogue.HandleAsync("2", default);
            return (dialogue, await dialogue.HandleAsync("1", default));
        }

        var (first, _) = await RunAsync();
        Assert.Equal(CallOutcome.Booked, first.Outcome);
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var booking = await scope.ServiceProvider.GetRequiredService<TalkDb>().Bookings.AsNoTracking().SingleAsync(b => b.Reference == first.Reference);
            Assert.Equal(Residency.Resident, booking.Residency);
            Assert.Equal("phone", booking.Channel);
        }

        var (second, said) = await RunAsync();
        Assert.Equal(DialogueState.Done, second.State);
        Assert.NotEqual(CallOutcome.Booked, second.Outcome);
        Assert.Contains("年度に1回まで", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDialogueRefusesADayOutsideTheWindowAndOffersBookableDays()
    {
        await using var scope0 = host.Factory.Services.CreateAsyncScope();
        var db = scope0.ServiceProvider.GetRequiredService<TalkDb>();
        var far = await db.Sessions.AsNoTracking().Where(s => s.Service!.Office == "城東区役所" && s.Date > Today.AddDays(30)).OrderBy(s => s.Date).FirstAsync();
        var (scope, dialogue) = await DialogueAsync();
        await using var _ = scope;
        dialogue.Start();
        await dialogue.HandleAsync("城東区", default);
        var reply = await dialogue.HandleAsync($"{far.Date.Month}月{far.Date.Day}日", default);
        Assert.Contains("28日前から", reply, StringComparison.Ordinal);
        Assert.Contains("近い相談日", reply, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Date, dialogue.State);
    }

    [Fact]
    public async Task TheWebFlowAsksResidencyFirstAndTheApiRefusesWith422()
    {
        int serviceId;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            serviceId = (await scope.ServiceProvider.GetRequiredService<TalkDb>().Services.SingleAsync(s => s.Office == "淀川区役所")).Id;
        }

        var client = host.Client();
        var office = await client.GetAsync(new Uri($"/talk/book/office?go=1&service={serviceId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        Assert.Contains("/talk/book/residency", office.Headers.Location!.ToString(), StringComparison.Ordinal);
        var question = await client.GetStringAsync(office.Headers.Location);
        Assert.Contains("大阪市内に勤めている・通学している", question, StringComparison.Ordinal);

        // Skipping the question by address goes back to it.
        var skipped = await client.GetAsync(new Uri($"/talk/book/slot?service={serviceId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, skipped.StatusCode);
        Assert.Contains("/talk/book/residency", skipped.Headers.Location!.ToString(), StringComparison.Ordinal);

        var none = await client.GetAsync(new Uri($"/talk/book/residency?go=1&service={serviceId}&residency=none", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("お勤め・通学の方だけ", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await client.GetAsync(new Uri($"/talk/book/residency?go=1&service={serviceId}&residency=commuter", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var slotPage = await client.GetStringAsync(ok.Headers.Location);
        Assert.Contains("予約は相談日の28日前から前日まで", slotPage, StringComparison.Ordinal);
        var slot = SlotPattern().Match(slotPage).Groups[1].Value;
        var sessionId = int.Parse(slot.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
        var start = slot.Split('-')[1].Insert(2, ":");

        var body = new { sessionId, slotStart = start, nameKana = "よどがわ いちろう", phone = "06-6308-0000", topic = "労働", residency = (string?)null };
        var noResidency = await client.PostAsJsonAsync("/api/talk/bookings", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noResidency.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/talk/bookings", body with { residency = "commuter" })).StatusCode);
        var twice = await client.PostAsJsonAsync("/api/talk/bookings", body with { residency = "commuter" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("年度に1回", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // At the phone step the web flow refuses the same person before the last page.
        var phone = await client.GetAsync(new Uri($"/talk/book/phone?go=1&service={serviceId}&residency=commuter&slot={slot}&name=よどがわ+いちろう&phone=0663080000", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, phone.StatusCode);
        Assert.Contains("年度に1回", await phone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
