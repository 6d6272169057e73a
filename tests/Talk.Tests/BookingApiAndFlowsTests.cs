using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Platform.Audit;

namespace OsakaDx.Talk.Tests;

/// <summary>The booking API, and checking, cancelling and changing a booking in the dialogue.</summary>
[Collection(HostGroup.Name)]
public sealed class BookingApiAndFlowsTests(HostFixture host)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private async Task<List<ConsultationSession>> SessionsAsync(string office)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TalkDb>().Sessions.Include(s => s.Service).Where(s => s.Service!.Office == office && s.Date > Today).OrderBy(s => s.Date).ToListAsync();
    }

    [Fact]
    public async Task TheApiBooksUntilTheSlotIsFullAndCancels()
    {
        var session = (await SessionsAsync("港区役所"))[1];
        var client = host.Client();
        var body = new { sessionId = session.Id, slotStart = "15:30", nameKana = "みなと いちろう", phone = "06-6576-0000", topic = "労働" };
        var first = await client.PostAsJsonAsync("/api/talk/bookings", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var reference = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/talk/bookings", body)).StatusCode);
        var full = await client.PostAsJsonAsync("/api/talk/bookings", body);
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("満席", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bad = await client.PostAsJsonAsync("/api/talk/bookings", body with { topic = "離婚したい" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/talk/bookings", body with { slotStart = "3時" })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/talk/bookings/{reference}/cancel", new { phone = "0600000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/talk/bookings/{reference}/cancel", new { phone = "0665760000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/talk/bookings/{reference}/cancel", new { phone = "0665760000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/talk/bookings", body)).StatusCode);
    }

    private async Task<(AsyncServiceScope Scope, BookingDialogue Dialogue, string Reference)> WithBookingAsync(string office, string phone)
    {
        var session = (await SessionsAsync(office))[0];
        var scope = host.Factory.Services.CreateAsyncScope();
        using var actor = AuditActor.Use(null, "test");
        var sp = scope.ServiceProvider;
        var outcome = await sp.GetRequiredService<ReservationService>().BookAsync(new(session.Id, new TimeOnly(13, 0), "てすと はなこ", phone, "金銭", "web"), default);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (scope, new BookingDialogue(sp.GetRequiredService<TalkDb>(), sp.GetRequiredService<ReservationService>(), sp.GetRequiredService<TimeProvider>()), outcome.Booking!.Reference);
    }

    private static string Said(string digits) => string.Join(" ", digits.Select(d => d switch
    {
        '0' => "ぜろ", '1' => "いち", '2' => "に", '3' => "さん", '4' => "よん", '5' => "ご", '6' => "ろく", '7' => "なな", '8' => "はち", _ => "きゅう",
    }));

    [Fact]
    public async Task ChecksABookingByReferenceNumberSaidDigitByDigit()
    {
        var (scope, dialogue, reference) = await WithBookingAsync("大正区役所", "0665550101");
        await using var _ = scope;
        dialogue.Start();
        Assert.Contains("予約番号8桁", await dialogue.HandleAsync("予約の確認をしたいです", default), StringComparison.Ordinal);
        Assert.Contains("電話番号をお願いします", await dialogue.HandleAsync(Said(reference), default), StringComparison.Ordinal);
        Assert.Contains("見つかりませんでした", await dialogue.HandleAsync("ぜろろく ろくごごご ぜろいちぜろに", default), StringComparison.Ordinal);
        await dialogue.HandleAsync(reference, default);
        var found = await dialogue.HandleAsync("ゼロろく の ろくごごご の ゼロいちゼロいち", default);
        Assert.Contains("大正区役所", found, StringComparison.Ordinal);
        Assert.Contains("てすと はなこ様のご予約があります", found, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Done, dialogue.State);
        Assert.Equal(CallOutcome.Checked, dialogue.Outcome);
    }

    [Fact]
    public async Task CancelsABookingAfterConfirmation()
    {
        var (scope, dialogue, reference) = await WithBookingAsync("浪速区役所", "0665550202");
        await using var _ = scope;
        dialogue.Start();
        await dialogue.HandleAsync("9", default);
        await dialogue.HandleAsync(reference, default);
        Assert.Contains("取り消してよろしいですか", await dialogue.HandleAsync("0665550202", default), StringComparison.Ordinal);
        Assert.Contains("取り消しました", await dialogue.HandleAsync("はい", default), StringComparison.Ordinal);
        Assert.Equal(CallOutcome.Cancelled, dialogue.Outcome);
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        Assert.Equal(BookingStatus.Cancelled, (await db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == reference)).Status);
    }

    [Fact]
    public async Task ChangesABookingToAnotherDay()
    {
        var (scope, dialogue, reference) = await WithBookingAsync("此花区役所", "0665550303");
        await using var _ = scope;
        var sessions = await SessionsAsync("此花区役所");
        dialogue.Start();
        await dialogue.HandleAsync("予約を変更したい", default);
        await dialogue.HandleAsync(reference, default);
        Assert.Contains("新しいご希望の日", await dialogue.HandleAsync("0665550303", default), StringComparison.Ordinal);
        await dialogue.HandleAsync($"{sessions[1].Date.Month}月{sessions[1].Date.Day}日", default);
        var readBack = await dialogue.HandleAsync("3時", default);
        Assert.Contains("今のご予約", readBack, StringComparison.Ordinal);
        Assert.Contains("は取り消します", readBack, StringComparison.Ordinal);
        await dialogue.HandleAsync("はい", default);
        Assert.Equal(CallOutcome.Booked, dialogue.Outcome);
        var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
        Assert.Equal(BookingStatus.Cancelled, (await db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == reference)).Status);
        var moved = await db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == dialogue.Reference);
        Assert.Equal(sessions[1].Id, moved.SessionId);
        Assert.Equal(new TimeOnly(15, 0), moved.SlotStart);
        Assert.Equal("てすと はなこ", moved.NameKana);
    }

    [Fact]
    public async Task ConfirmsTheCallersNumber()
    {
        var session = (await SessionsAsync("福島区役所"))[0];
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var dialogue = new BookingDialogue(sp.GetRequiredService<TalkDb>(), sp.GetRequiredService<ReservationService>(), sp.GetRequiredService<TimeProvider>(), "phone") { CallerId = "0664640001" };
        dialogue.Start();
        await dialogue.HandleAsync("福島区", default);
        await dialogue.HandleAsync($"{session.Date.Month}月{session.Date.Day}日の1時", default);
        Assert.Contains("0 6 6 4 6 4 0 0 0 1 でよろしいですか", await dialogue.HandleAsync("ふくしま じろうです", default), StringComparison.Ordinal);
        Assert.Contains("日中に連絡のつく電話番号", await dialogue.HandleAsync("いいえ", default), StringComparison.Ordinal);
        Assert.Contains("0 9 0 1 2 3 4 5 6 7 8ですね", await dialogue.HandleAsync("ゼロきゅうゼロ いちにさんよん ごろくななはち", default), StringComparison.Ordinal);
    }

    [Fact]
    public void StaffHoursAreWeekdayOfficeHours()
    {
        Assert.True(BookingDialogue.StaffHours(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));    // Thu 10:00 JST
        Assert.False(BookingDialogue.StaffHours(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));   // Thu 18:00 JST
        Assert.False(BookingDialogue.StaffHours(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero)));   // Saturday
        Assert.False(BookingDialogue.StaffHours(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero)));   // 勤労感謝の日
    }
}
