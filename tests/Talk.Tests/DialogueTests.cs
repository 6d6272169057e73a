using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Talk.Tests;

/// <summary>The text dialogue against the demo data on the real host.</summary>
[Collection(HostGroup.Name)]
public sealed class DialogueTests(HostFixture host)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private async Task<(AsyncServiceScope Scope, BookingDialogue Dialogue, TalkDb Db)> StartAsync()
    {
        var scope = host.Factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<TalkDb>();
        await Task.CompletedTask;
        return (scope, new BookingDialogue(db, sp.GetRequiredService<ReservationService>(), sp.GetRequiredService<TimeProvider>()), db);
    }

    private static async Task<ConsultationSession> FirstSessionAsync(TalkDb db, string office) =>
        await db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == office && s.Date > Today).OrderBy(s => s.Date).FirstAsync();

    [Fact]
    public async Task BooksInNaturalJapanese()
    {
        var (scope, dialogue, db) = await StartAsync();
        await using var _ = scope;
        var session = await FirstSessionAsync(db, "平野区役所");
        Assert.Contains("どちらの区役所", dialogue.Start(), StringComparison.Ordinal);
        Assert.Contains("平野区役所ですね", await dialogue.HandleAsync("平野区でお願いします", default), StringComparison.Ordinal);
        var dateReply = await dialogue.HandleAsync($"{session.Date.Month}月{session.Date.Day}日", default);
        Assert.Contains(JapaneseFormat.Date(session.Date), dateReply, StringComparison.Ordinal);
        Assert.Contains("空いているのは", dateReply, StringComparison.Ordinal);
        Assert.Contains("午後3時", await dialogue.HandleAsync("3時で", default), StringComparison.Ordinal);
        Assert.Contains("ひらの はなこ様", await dialogue.HandleAsync("ひらの はなこです", default), StringComparison.Ordinal);
        Assert.Contains("0 6 6 7 0 0 1 2 3 4", await dialogue.HandleAsync("06-6700-1234", default), StringComparison.Ordinal);
        var readBack = await dialogue.HandleAsync("相続のことです", default);
        Assert.Contains("確認します", readBack, StringComparison.Ordinal);
        Assert.Contains("午後3時", readBack, StringComparison.Ordinal);
        Assert.Contains("はいは1", await dialogue.HandleAsync("結構です", default), StringComparison.Ordinal);
        var done = await dialogue.HandleAsync("はい", default);
        Assert.Equal(DialogueState.Done, dialogue.State);
        Assert.Contains(BookingDialogue.ReadDigits(dialogue.Reference!), done, StringComparison.Ordinal);

        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Reference == dialogue.Reference);
        Assert.Equal(session.Id, booking.SessionId);
        Assert.Equal(new TimeOnly(15, 0), booking.SlotStart);
        Assert.Equal("chat", booking.Channel);
    }

    [Fact]
    public async Task UnderstandsACorrectionOfTheDay()
    {
        var (scope, dialogue, db) = await StartAsync();
        await using var _ = scope;
        var sessions = await db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == "北区役所" && s.Date > Today).OrderBy(s => s.Date).Take(2).ToListAsync();
        dialogue.Start();
        await dialogue.HandleAsync("北区", default);
        await dialogue.HandleAsync($"{sessions[0].Date.Month}月{sessions[0].Date.Day}日", default);
        Assert.Equal(DialogueState.Time, dialogue.State);
        var corrected = await dialogue.HandleAsync($"いや、{sessions[1].Date.Month}月{sessions[1].Date.Day}日の2時", default);
        Assert.Contains(JapaneseFormat.Date(sessions[1].Date), corrected, StringComparison.Ordinal);
        Assert.Contains("午後2時", corrected, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Name, dialogue.State);
    }

    [Fact]
    public async Task ClosedDaysOfferTheNearestSessionDays()
    {
        var (scope, dialogue, _) = await StartAsync();
        await using var __ = scope;
        dialogue.Start();
        await dialogue.HandleAsync("中央区", default);
        var reply = await dialogue.HandleAsync("12月31日", default);
        Assert.Contains("年末年始", reply, StringComparison.Ordinal);
        Assert.Contains("近い相談日", reply, StringComparison.Ordinal);
        Assert.Equal(DialogueState.Date, dialogue.State);
    }

    [Fact]
    public async Task RepeatsAndTransfersAfterThreeFailures()
    {
        var (scope, dialogue, _) = await StartAsync();
        await using var __ = scope;
        var first = dialogue.Start();
        Assert.Equal(first, await dialogue.HandleAsync("もう一度", default));
        await dialogue.HandleAsync("えーと", default);
        await dialogue.HandleAsync("わからない", default);
        Assert.Contains("職員", await dialogue.HandleAsync("うーん", default), StringComparison.Ordinal);
        Assert.Equal(DialogueState.Transferred, dialogue.State);
    }

    [Fact]
    public async Task OffersTheKeypadAfterTwoFailuresAndAcceptsKeys()
    {
        var (scope, dialogue, db) = await StartAsync();
        await using var _ = scope;
        var session = await FirstSessionAsync(db, "西区役所");
        dialogue.Start();
        await dialogue.HandleAsync("西区", default);
        await dialogue.HandleAsync("ええと", default);
        Assert.Contains("4桁", await dialogue.HandleAsync("まだわからない", default), StringComparison.Ordinal);
        var times = await dialogue.HandleAsync(session.Date.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture), default);
        Assert.Contains("1番 午後1時", times, StringComparison.Ordinal);
        Assert.Contains("午後1時30分ですね", await dialogue.HandleAsync("2", default), StringComparison.Ordinal);
        Assert.Equal(DialogueState.Name, dialogue.State);
    }

    [Fact]
    public async Task AskingForAPersonTransfers()
    {
        var (scope, dialogue, _) = await StartAsync();
        await using var __ = scope;
        dialogue.Start();
        await dialogue.HandleAsync("北区", default);
        await dialogue.HandleAsync("人と話したい", default);
        Assert.Equal(DialogueState.Transferred, dialogue.State);
    }
}
