using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Chat;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Testing;

namespace OsakaDx.Talk.Tests;

/// <summary>
/// The web chat's conversation lives in the module database: a second instance or a restarted host
/// continues it and books; idle conversations expire (fake clock), leave only the call record, and
/// the page says that it started over.
/// </summary>
public sealed class ChatPersistenceTests
{
    private static async Task<string> LastReplyAsync(TalkHarness h, string id)
    {
        var conversation = await h.Services.GetRequiredService<ChatConversations>().FindAsync(id);
        Assert.NotNull(conversation);
        return conversation.Lines[^1].Text;
    }

    private static async Task<string> SayAsync(TalkHarness h, string id, string line)
    {
        Assert.Equal(ChatTurn.Answered, await h.Services.GetRequiredService<ChatConversations>().SayAsync(id, line, default));
        return await LastReplyAsync(h, id);
    }

    private static Task<SlotAvailability> FreeSlotAsync(TalkHarness h, string office) =>
        h.WithAsync(async sp =>
        {
            var service = await sp.GetRequiredService<TalkDb>().Services.AsNoTracking().SingleAsync(s => s.Office == office && s.Kind == "legal");
            return (await sp.GetRequiredService<ReservationService>().BookableAsync(service, null, null, default))[0];
        });

    [Fact]
    public async Task TwoHostsOnOneSqliteDatabaseShareTheConversationAndBook()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-talk-chat-").FullName;
        await using var a = await TalkHarness.StartAsync(folder);
        await using var b = await TalkHarness.StartAsync(folder, seed: false);
        await ConverseAcrossAsync(a, b, a, "0669720101");
    }

    [PostgresFact]
    public async Task AHostRestartedMidConversationOnPostgresFinishesTheBooking()
    {
        var database = await TalkHarness.CreatePostgresDatabaseAsync();
        try
        {
            var folder = Directory.CreateTempSubdirectory("osakadx-talk-chat-pg-").FullName;
            var first = await TalkHarness.StartAsync(folder, database);
            var id = (await first.Services.GetRequiredService<ChatConversations>().StartAsync()).Id;
            var slot = await FreeSlotAsync(first, "東成区役所");
            Assert.Contains("東成区役所ですね", await SayAsync(first, id, "東成区でお願いします"), StringComparison.Ordinal);
            Assert.Contains("空いているのは", await SayAsync(first, id, $"{slot.Date.Month}月{slot.Date.Day}日"), StringComparison.Ordinal);
            await first.DisposeAsync();

            await using var restarted = await TalkHarness.StartAsync(folder, database, seed: false);
            Assert.Contains("ですね。お名前を", await SayAsync(restarted, id, slot.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal);
            await FinishAsync(restarted, restarted, id, slot, "0669720102");
        }
        finally
        {
            await TalkHarness.DropPostgresDatabaseAsync(database);
        }
    }

    /// <summary>Lines alternate between the hosts; the last one checks the database.</summary>
    private static async Task ConverseAcrossAsync(TalkHarness a, TalkHarness b, TalkHarness check, string phone)
    {
        var id = (await a.Services.GetRequiredService<ChatConversations>().StartAsync()).Id;
        var slot = await FreeSlotAsync(a, "東成区役所");
        Assert.Contains("東成区役所ですね", await SayAsync(b, id, "東成区でお願いします"), StringComparison.Ordinal);
        Assert.Contains("空いているのは", await SayAsync(a, id, $"{slot.Date.Month}月{slot.Date.Day}日"), StringComparison.Ordinal);
        Assert.Contains("ですね。お名前を", await SayAsync(b, id, slot.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal);
        await FinishAsync(a, check, id, slot, phone);
    }

    private static async Task FinishAsync(TalkHarness h, TalkHarness check, string id, SlotAvailability slot, string phone)
    {
        Assert.Contains("ひがしなり じろう様", await SayAsync(h, id, "ひがしなり じろうです"), StringComparison.Ordinal);
        Assert.Contains("ですね。相談の種類は", await SayAsync(h, id, string.Join(" ", phone.ToCharArray())), StringComparison.Ordinal);
        Assert.Contains("確認します", await SayAsync(h, id, "相続"), StringComparison.Ordinal);
        Assert.Contains("ご予約を承りました", await SayAsync(h, id, "はい"), StringComparison.Ordinal);
        Assert.True((await h.Services.GetRequiredService<ChatConversations>().FindAsync(id))!.Finished);

        await check.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<TalkDb>();
            var booking = await db.Bookings.Include(x => x.Session).SingleAsync(x => x.Phone == phone);
            Assert.Equal((slot.Date, slot.Start, "chat"), (booking.Session!.Date, booking.SlotStart, booking.Channel));
            var record = await db.Calls.Include(c => c.Events).SingleAsync(c => c.Reference == booking.Reference);
            Assert.Equal((CallOutcome.Booked, "chat", 7), (record.Outcome, record.Channel, record.KeyTurns));
            Assert.Equal(15, record.Events.Count); // greeting + 7 × (line, reply)
            return 0;
        });
    }

    [Fact]
    public async Task AnIdleConversationExpiresLeavesOnlyTheCallRecordAndIsDeletedADayLater()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-talk-expiry-").FullName;
        await using var h = await TalkHarness.StartAsync(folder);
        var chats = h.Services.GetRequiredService<ChatConversations>();
        var id = (await chats.StartAsync()).Id;
        await SayAsync(h, id, "東成区");
        await SayAsync(h, id, "ひがしなり さぶろう");   // not a date: a failure, still in the date step

        h.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await chats.FindAsync(id));
        Assert.Equal(new ChatExpiryResult(0, 0, 0), await h.WithAsync(sp => sp.GetRequiredService<ChatExpiry>().RunAsync(default)));

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await chats.FindAsync(id));
        Assert.Equal(ChatTurn.Gone, await chats.SayAsync(id, "明日", default));
        Assert.Equal(new ChatExpiryResult(1, 1, 0), await h.WithAsync(sp => sp.GetRequiredService<ChatExpiry>().RunAsync(default)));
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<TalkDb>();
            var row = await db.ChatSessions.SingleAsync(c => c.Id == id);
            Assert.Equal(("", ""), (row.State, row.Transcript));
            Assert.NotNull(row.ExpiredAtUtc);
            Assert.Equal(0, await db.ChatSessions.CountAsync(c => c.Transcript.Contains("さぶろう")));
            var record = await db.Calls.Include(c => c.Events).SingleAsync(c => c.Channel == "chat" && !EF.Functions.Like(c.CallSid, "demo-%"));
            Assert.Equal((CallOutcome.Abandoned, "Date", 1, 2), (record.Outcome, record.LastStep, record.Failures, record.KeyTurns));
            Assert.Equal(5, record.Events.Count);
            return 0;
        });

        // Run again: nothing more is recorded; a day later the empty row is gone too.
        Assert.Equal(new ChatExpiryResult(0, 0, 0), await h.WithAsync(sp => sp.GetRequiredService<ChatExpiry>().RunAsync(default)));
        h.Clock.Advance(ChatExpiry.KeepTombstone + TimeSpan.FromMinutes(1));
        Assert.Equal(new ChatExpiryResult(0, 0, 1), await h.WithAsync(sp => sp.GetRequiredService<ChatExpiry>().RunAsync(default)));
        Assert.Equal(0, await h.WithAsync(sp => sp.GetRequiredService<TalkDb>().ChatSessions.CountAsync()));
        Assert.Equal(1, await h.WithAsync(sp => sp.GetRequiredService<TalkDb>().Calls.CountAsync(c => c.Channel == "chat" && !EF.Functions.Like(c.CallSid, "demo-%"))));
    }

    [Fact]
    public async Task TheIdleTimeIsConfigurableAndAFinishedChatIsNotRecordedTwice()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-talk-expiry5-").FullName;
        await using var h = await TalkHarness.StartAsync(folder, settings: new Dictionary<string, string?> { ["OsakaDx:Talk:ChatIdleMinutes"] = "5" });
        var chats = h.Services.GetRequiredService<ChatConversations>();
        var id = (await chats.StartAsync()).Id;
        await SayAsync(h, id, "人と話したい");
        Assert.True((await chats.FindAsync(id))!.Finished);
        Assert.Equal(1, await h.WithAsync(sp => sp.GetRequiredService<TalkDb>().Calls.CountAsync(c => c.Channel == "chat" && !EF.Functions.Like(c.CallSid, "demo-%"))));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await chats.FindAsync(id));
        Assert.Equal(new ChatExpiryResult(1, 0, 0), await h.WithAsync(sp => sp.GetRequiredService<ChatExpiry>().RunAsync(default)));
        Assert.Equal(1, await h.WithAsync(sp => sp.GetRequiredService<TalkDb>().Calls.CountAsync(c => c.Channel == "chat" && !EF.Functions.Like(c.CallSid, "demo-%") && c.Outcome == CallOutcome.Transferred)));
    }

    [Fact]
    public async Task ALineWhileAnotherIsHandledIsRefusedUntilTheLeaseEnds()
    {
        var folder = Directory.CreateTempSubdirectory("osakadx-talk-lease-").FullName;
        await using var h = await TalkHarness.StartAsync(folder);
        var chats = h.Services.GetRequiredService<ChatConversations>();
        var id = (await chats.StartAsync()).Id;
        await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<TalkDb>();
            (await db.ChatSessions.SingleAsync(c => c.Id == id)).BusyUntilUtc = h.Clock.GetUtcNow().UtcDateTime.AddSeconds(30);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(ChatTurn.Busy, await chats.SayAsync(id, "北区", default));
        Assert.Single((await chats.FindAsync(id))!.Lines);
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains("北区役所ですね", await SayAsync(h, id, "北区"), StringComparison.Ordinal);
    }
}

/// <summary>The chat page over HTTP after expiry: it says plainly that it started over.</summary>
[Collection(HostGroup.Name)]
public sealed class ChatExpiryPageTests(HostFixture host)
{
    [Fact]
    public async Task PostingToAnExpiredConversationStartsOverAndSaysSo()
    {
        var client = host.Client();
        var intro = await client.GetStringAsync(new Uri("/talk/chat", UriKind.Relative));
        var start = await Forms.PostAsync(client, "/talk/chat", intro, new Dictionary<string, string> { ["_handler"] = "start" });
        var id = start.Headers.Location!.ToString().Split("c=")[1];

        // Make it idle for 31 minutes (the host runs on the real clock).
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            var row = await db.ChatSessions.SingleAsync(c => c.Id == id);
            row.LastUsedUtc = row.LastUsedUtc.AddMinutes(-31);
            await db.SaveChangesAsync();
        }

        var expiredPage = await client.GetStringAsync(new Uri($"/talk/chat?c={id}", UriKind.Relative));
        Assert.Contains("id=\"expired\"", expiredPage, StringComparison.Ordinal);
        var posted = await Forms.PostAsync(client, $"/talk/chat?c={id}", intro, new Dictionary<string, string> { ["_handler"] = "say", ["C"] = id, ["Line"] = "北区" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        Assert.Contains("restarted=1", location, StringComparison.Ordinal);
        Assert.DoesNotContain(id, location, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(posted.Headers.Location));
        Assert.Contains("最初からやり直しています", page, StringComparison.Ordinal);
        Assert.Contains("どちらの区役所で相談されますか", page, StringComparison.Ordinal);
        Assert.DoesNotContain("北区役所ですね", page, StringComparison.Ordinal);
    }
}
