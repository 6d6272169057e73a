using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Talk.Tests;

/// <summary>The GOV.UK-style web booking flow through the real HTTP pipeline, without JavaScript.</summary>
[Collection(HostGroup.Name)]
public sealed partial class BookingFlowTests(HostFixture host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"slot\" value=\"([0-9]+-[0-9]{4})\"")]
    private static partial Regex SlotPattern();

    [GeneratedRegex("id=\"reference\">([0-9]{8})<")]
    private static partial Regex ReferencePattern();

    private static Uri U(string s) => new(s, UriKind.Relative);

    [Fact]
    public async Task BooksASlotOneQuestionPerPage()
    {
        var client = host.Client();
        Assert.Contains("予約を始める", await client.GetStringAsync(U("/talk/book")), StringComparison.Ordinal);
        int serviceId;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            serviceId = (await scope.ServiceProvider.GetRequiredService<TalkDb>().Services.FirstAsync(s => s.Office == "西成区役所")).Id;
        }

        // Nothing chosen: the same page with an error summary.
        var missing = await client.GetAsync(U("/talk/book/office?go=1"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("区役所を選んでください。", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var office = await client.GetAsync(U($"/talk/book/office?go=1&service={serviceId}"));
        Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        var slotPage = await client.GetStringAsync(office.Headers.Location!.ToString());
        var slot = SlotPattern().Match(slotPage).Groups[1].Value;
        Assert.NotEmpty(slot);

        var afterSlot = await client.GetAsync(U($"/talk/book/slot?go=1&service={serviceId}&slot={slot}"));
        Assert.Equal(HttpStatusCode.Redirect, afterSlot.StatusCode);
        Assert.Contains("/talk/book/name", afterSlot.Headers.Location!.ToString(), StringComparison.Ordinal);

        var badPhone = await client.GetAsync(U($"/talk/book/phone?go=1&service={serviceId}&slot={slot}&name=にしなり+たろう&phone=123"));
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);

        var afterTopic = await client.GetAsync(U($"/talk/book/topic?go=1&service={serviceId}&slot={slot}&name=にしなり+たろう&phone=06-6659-0000&topic=相続"));
        Assert.Equal(HttpStatusCode.Redirect, afterTopic.StatusCode);
        var checkUrl = afterTopic.Headers.Location!.ToString();
        var check = await client.GetStringAsync(checkUrl);
        Assert.Contains("予約の内容を確認してください", check, StringComparison.Ordinal);
        Assert.Contains("にしなり たろう", check, StringComparison.Ordinal);

        var post = await client.PostAsync(new Uri(checkUrl, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "book",
            ["__RequestVerificationToken"] = TokenPattern().Matches(check)[^1].Groups[1].Value,
            ["Input.Service"] = serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Slot"] = slot,
            ["Input.Name"] = "にしなり たろう",
            ["Input.Phone"] = "06-6659-0000",
            ["Input.Topic"] = "相続",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var done = await client.GetStringAsync(post.Headers.Location!.ToString());
        var reference = ReferencePattern().Match(done).Groups[1].Value;
        Assert.NotEmpty(reference);

        await using var check2 = host.Factory.Services.CreateAsyncScope();
        var booking = await check2.ServiceProvider.GetRequiredService<TalkDb>().Bookings.Include(b => b.Session).SingleAsync(b => b.Reference == reference);
        Assert.Equal("にしなり たろう", booking.NameKana);
        Assert.Equal("web", booking.Channel);
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Equal(slot, $"{booking.SessionId}-{booking.SlotStart:HHmm}");
    }
}

/// <summary>Cancelling on the web with the reference number and the phone number.</summary>
[Collection(HostGroup.Name)]
public sealed partial class CancelPageTests(HostFixture host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string reference, string phone)
    {
        var page = await client.GetStringAsync(new Uri("/talk/cancel", UriKind.Relative));
        return await client.PostAsync(new Uri("/talk/cancel", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "cancel",
            ["__RequestVerificationToken"] = TokenPattern().Matches(page)[^1].Groups[1].Value,
            ["Input.Reference"] = reference,
            ["Input.Phone"] = phone,
        }));
    }

    [Fact]
    public async Task CancelsOnlyWithTheMatchingPhoneNumber()
    {
        var client = host.Client();
        var wrong = await PostAsync(client, "90000002", "06-0000-0000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("見つかりません", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await PostAsync(client, "９００００００２", "06-6000-0002");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("予約を取り消しました", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var booking = await scope.ServiceProvider.GetRequiredService<TalkDb>().Bookings.SingleAsync(b => b.Reference == "90000002");
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Null(booking.Seat);
    }
}
