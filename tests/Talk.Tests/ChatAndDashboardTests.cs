using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;

namespace OsakaDx.Talk.Tests;

/// <summary>The web chat (no JavaScript: one form post per line) and the staff's call dashboard, over HTTP.</summary>
[Collection(HostGroup.Name)]
public sealed partial class ChatAndDashboardTests(HostFixture host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("/talk/chat\\?c=([0-9a-f]{32})")]
    private static partial Regex ConversationPattern();

    private static Uri U(string s) => new(s, UriKind.Relative);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private static async Task<string> Say(HttpClient client, string id, string line)
    {
        var page = await client.GetStringAsync(U($"/talk/chat?c={id}"));
        var response = await client.PostAsync(U($"/talk/chat?c={id}"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "say",
            ["__RequestVerificationToken"] = TokenPattern().Matches(page)[^1].Groups[1].Value,
            ["C"] = id,
            ["Line"] = line,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return WebUtility.HtmlDecode(await client.GetStringAsync(U($"/talk/chat?c={id}")));
    }

    [Fact]
    public async Task TheChatBooksInNaturalJapanese()
    {
        var client = host.Client();
        var intro = await client.GetStringAsync(U("/talk/chat"));
        Assert.Contains("チャットを始める", intro, StringComparison.Ordinal);
        var start = await client.PostAsync(U("/talk/chat"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "start",
            ["__RequestVerificationToken"] = TokenPattern().Matches(intro)[^1].Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var id = ConversationPattern().Match(start.Headers.Location!.ToString()).Groups[1].Value;
        Assert.NotEmpty(id);

        DateOnly date;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            date = await scope.ServiceProvider.GetRequiredService<TalkDb>().Sessions.Where(s => s.Service!.Office == "東成区役所" && s.Date > Today).OrderBy(s => s.Date).Select(s => s.Date).FirstAsync();
        }

        Assert.Contains("東成区役所ですね", await Say(client, id, "東成区でお願いします"), StringComparison.Ordinal);
        Assert.Contains("空いているのは", await Say(client, id, $"{date.Month}月{date.Day}日"), StringComparison.Ordinal);
        Assert.Contains("午後1時30分ですね", await Say(client, id, "1時半"), StringComparison.Ordinal);
        Assert.Contains("ひがしなり はなこ様", await Say(client, id, "ひがしなり はなこです"), StringComparison.Ordinal);
        Assert.Contains("0 6 6 9 7 2 0 0 0 1ですね", await Say(client, id, "ゼロろく の ろくきゅうななにー の ゼロゼロゼロいち"), StringComparison.Ordinal);
        Assert.Contains("確認します", await Say(client, id, "近所のトラブルなので近隣"), StringComparison.Ordinal);
        var done = await Say(client, id, "はい、お願いします");
        Assert.Contains("ご予約を承りました", done, StringComparison.Ordinal);
        Assert.Contains("id=\"finished\"", done, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", done, StringComparison.Ordinal);

        await using var check = host.Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<TalkDb>();
        var booking = await db.Bookings.Include(b => b.Session).SingleAsync(b => b.Phone == "0669720001");
        Assert.Equal(date, booking.Session!.Date);
        Assert.Equal(new TimeOnly(13, 30), booking.SlotStart);
        Assert.Equal("chat", booking.Channel);
        var record = await db.Calls.SingleAsync(c => c.Reference == booking.Reference);
        Assert.Equal(CallOutcome.Booked, record.Outcome);
        Assert.Equal("chat", record.Channel);
    }

    [Fact]
    public async Task AnEmptyLineIsRefusedAndAnUnknownConversationExpires()
    {
        var client = host.Client();
        var expired = await client.GetStringAsync(U("/talk/chat?c=00000000000000000000000000000000"));
        Assert.Contains("やりとりの時間が切れました", expired, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffSeeTheCallDashboardAndATimeline()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(U("/talk/staff/calls"))).StatusCode);
        var login = await client.GetStringAsync(U("/account/login"));
        await client.PostAsync(U("/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = TokenPattern().Matches(login)[^1].Groups[1].Value,
            ["Input.UserName"] = DemoSeed.StaffAccount.User,
            ["Input.Password"] = DemoSeed.StaffAccount.Password,
            ["ReturnUrl"] = "/talk/staff/calls",
        }));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(U("/talk/staff/calls?days=30")));
        Assert.Contains("職員なしで完了", page, StringComparison.Ordinal);
        Assert.Contains("日別の通話数（結果別）", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("id=\"fail-steps\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);

        int callId;
        int calls;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkDb>();
            callId = await db.Calls.Where(c => c.CallSid.StartsWith("demo-")).Select(c => c.Id).FirstAsync();
            calls = await db.Calls.CountAsync(c => c.Channel != "chat" && c.StartedAtUtc.AddHours(9) >= DateTime.UtcNow.AddHours(9).Date.AddDays(-29).AddHours(0));
        }

        Assert.Matches(@"通話数</dt>\s*<dd[^>]*>" + calls.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture) + " 件", page);
        var timeline = WebUtility.HtmlDecode(await client.GetStringAsync(U($"/talk/staff/calls/{callId}")));
        Assert.Contains("北区でお願いします", timeline, StringComparison.Ordinal);
        Assert.Contains("id=\"timeline\"", timeline, StringComparison.Ordinal);
    }
}
