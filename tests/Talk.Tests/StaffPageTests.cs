using System.Net;
using System.Text.RegularExpressions;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Talk.Tests;

/// <summary>The staff list through the real HTTP pipeline.</summary>
[Collection(HostGroup.Name)]
public sealed partial class StaffPageTests(HostFixture host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignIn()
    {
        var response = await host.Client().GetAsync(new Uri("/talk/staff", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WardStaffSeeTheBookings()
    {
        var client = host.Client();
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var signIn = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = TokenPattern().Matches(login)[^1].Groups[1].Value,
            ["Input.UserName"] = DemoSeed.StaffAccount.User,
            ["Input.Password"] = DemoSeed.StaffAccount.Password,
            ["ReturnUrl"] = "/talk/staff",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var page = await client.GetStringAsync(new Uri("/talk/staff?office=北区役所", UriKind.Relative));
        Assert.Contains("相談予約の一覧", page, StringComparison.Ordinal);
        Assert.Contains("90000001", page, StringComparison.Ordinal);
        Assert.Contains("よどや たろう", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);

        var other = await client.GetStringAsync(new Uri("/talk/staff?office=西成区役所", UriKind.Relative));
        Assert.DoesNotContain("90000001", other, StringComparison.Ordinal);
    }
}
