using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Identity;
using OsakaDx.Testing;

namespace OsakaDx.Carbon.Tests;

/// <summary>Self-registration, invitations with roles, sharing with the city, yearly entries and the reports, through the real host.</summary>
[Collection(HostGroup.Name)]
public sealed partial class AccountTests(HostFixture host)
{
    [GeneratedRegex("/carbon/join/([A-Za-z0-9_-]+)")]
    private static partial Regex JoinPattern();

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(U(path));
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = Forms.Token(page);
        return await client.PostAsync(U(path), new FormUrlEncodedContent(fields));
    }

    private Task<HttpClient> SignInAsync(string user, string password) => host.SignInAsync(user, password, "/carbon");

    private static Dictionary<string, string> Registration(string user, string password, string confirm) => new()
    {
        ["Input.UserName"] = user, ["Input.DisplayName"] = "北浜 花子", ["Input.Email"] = "", ["Input.Password"] = password, ["Input.Password2"] = confirm,
        ["Input.Name"] = "北浜テスト印刷株式会社", ["Input.Industry"] = "E", ["Input.Ward"] = "中央区", ["Input.Employees"] = "15",
        ["Input.FloorArea"] = "420", ["Input.Sales"] = "180,000,000", ["Input.SiteName"] = "本社", ["Input.SiteAddress"] = "大阪市中央区北浜1-1", ["Input.Share"] = "false",
    };

    [Fact]
    public async Task A_business_registers_itself_invites_a_viewer_and_enters_a_refrigerant_leak()
    {
        // Bad input: nothing is created, the message names the field.
        var anonymous = host.Client();
        var refused = WebUtility.HtmlDecode(await (await PostAsync(anonymous, "/carbon/register", "register", Registration("kitahama", "Kitahama-2026-Ok", "different"))).Content.ReadAsStringAsync());
        Assert.Contains("「パスワード（確認）」が「パスワード」と一致しません", refused, StringComparison.Ordinal);
        var weak = WebUtility.HtmlDecode(await (await PostAsync(anonymous, "/carbon/register", "register", Registration("kitahama", "short", "short"))).Content.ReadAsStringAsync());
        Assert.Contains("id=\"Password-error\"", weak, StringComparison.Ordinal);
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            Assert.Null(await s.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync("kitahama"));
            Assert.False(await s.ServiceProvider.GetRequiredService<CarbonDb>().Businesses.AnyAsync(b => b.Name == "北浜テスト印刷株式会社"));
        }

        // A good registration: account, business, site and owner membership; signed in and sent to the dashboard.
        var owner = host.Client();
        var registered = await PostAsync(owner, "/carbon/register", "register", Registration("kitahama", "Kitahama-2026-Ok", "Kitahama-2026-Ok"));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        int businessId;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            var business = await db.Businesses.Include(b => b.Sites).Include(b => b.Members).SingleAsync(b => b.Name == "北浜テスト印刷株式会社");
            businessId = business.Id;
            Assert.Equal("本社", Assert.Single(business.Sites).Name);
            Assert.Equal(MemberRoles.Owner, Assert.Single(business.Members).Role);
            Assert.False(business.SharesWithCity);
            var user = await s.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync("kitahama");
            Assert.NotNull(user);
            Assert.False(user.IsDemo);
        }

        Assert.EndsWith($"/carbon/b/{businessId}?welcome=1", registered.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var dashboard = await owner.GetStringAsync(U($"/carbon/b/{businessId}?welcome=1"));
        Assert.Contains("id=\"welcome-banner\"", dashboard, StringComparison.Ordinal);

        // The owner makes a viewer invitation; the link is shown to copy.
        var invited = WebUtility.HtmlDecode(await (await PostAsync(owner, $"/carbon/b/{businessId}/members", "invite", new() { ["Invite.Role"] = "viewer", ["Invite.Note"] = "経理 山田さん" })).Content.ReadAsStringAsync());
        Assert.Contains("id=\"invite-banner\"", invited, StringComparison.Ordinal);
        var code = JoinPattern().Match(invited).Groups[1].Value;
        Assert.NotEmpty(code);

        // A colleague without an account opens the link, creates one and joins as a viewer.
        var colleague = host.Client();
        Assert.Contains("北浜テスト印刷株式会社", await colleague.GetStringAsync(U($"/carbon/join/{code}")), StringComparison.Ordinal);
        var joined = await PostAsync(colleague, $"/carbon/join/{code}", "join-new", new() { ["Input.UserName"] = "yamada-keiri", ["Input.DisplayName"] = "山田 経理", ["Input.Password"] = "Yamada-Keiri-2026", ["Input.Password2"] = "Yamada-Keiri-2026" });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            Assert.Equal(MemberRoles.Viewer, (await db.Members.SingleAsync(m => m.BusinessId == businessId && m.UserName == "yamada-keiri")).Role);
        }

        // The link works once.
        var again = host.Client();
        var used = WebUtility.HtmlDecode(await (await again.GetAsync(U($"/carbon/join/{code}"))).Content.ReadAsStringAsync());
        Assert.True(used.Contains("既に使われています", StringComparison.Ordinal), used[used.IndexOf("<main", StringComparison.Ordinal)..]);

        // The viewer sees the dashboard but a form post is refused and nothing is written.
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(U($"/carbon/b/{businessId}"))).StatusCode);
        // (The viewer's page has no entry form, so the post is refused before any handler runs.)
        var denied = await PostAsync(colleague, $"/carbon/b/{businessId}/entries/2025", "entry", new() { ["Input.Item"] = "gas:hfc134a", ["Input.Quantity"] = "3.2", ["Input.UnitCode"] = "kg" });
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, denied.StatusCode.ToString());
        var sheetDenied = await colleague.PostAsync(U($"/carbon/b/{businessId}/edit"), new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "business", ["Input.Name"] = "乗っ取り" }));
        Assert.NotEqual(HttpStatusCode.Redirect, sheetDenied.StatusCode);
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            Assert.False(await db.YearEntries.AnyAsync(e => e.BusinessId == businessId));
            Assert.Equal("北浜テスト印刷株式会社", (await db.Businesses.SingleAsync(b => b.Id == businessId)).Name);
        }

        // The owner enters 3.2 kg of HFC-134a for FY2025: AR4 1,430 → 4.576 t in Scope 1; then switches to AR5 → 4.16 t.
        var added = await PostAsync(owner, $"/carbon/b/{businessId}/entries/2025", "entry", new() { ["Input.Item"] = "gas:hfc134a", ["Input.Category"] = "", ["Input.Quantity"] = "3.2", ["Input.UnitCode"] = "kg", ["Input.Label"] = "冷蔵庫" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var badUnit = WebUtility.HtmlDecode(await (await PostAsync(owner, $"/carbon/b/{businessId}/entries/2025", "entry", new() { ["Input.Item"] = "s3:s3_waste_incineration", ["Input.Category"] = "5", ["Input.Quantity"] = "3", ["Input.UnitCode"] = "円" })).Content.ReadAsStringAsync());
        Assert.Contains("この項目の単位に「円」は使えません", badUnit, StringComparison.Ordinal);
        var gwp = await PostAsync(owner, $"/carbon/b/{businessId}/entries/2025", "gwp", new() { ["gwp"] = "AR5", ["version"] = await BusinessVersionAsync(businessId) });
        Assert.Equal(HttpStatusCode.Redirect, gwp.StatusCode);
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var runs = await s.ServiceProvider.GetRequiredService<CarbonDb>().Runs.Where(r => r.BusinessId == businessId && r.FiscalYear == 2025).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(2, runs.Count);
            Assert.Equal(4_576_000, runs[0].Scope1Grams);
            Assert.Equal(4_160_000, runs[1].Scope1Grams);
        }
    }

    private async Task<string> BusinessVersionAsync(int id)
    {
        await using var s = host.Factory.Services.CreateAsyncScope();
        return (await s.ServiceProvider.GetRequiredService<CarbonDb>().Businesses.SingleAsync(b => b.Id == id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task City_staff_see_a_business_only_when_it_shares_its_data()
    {
        int shared, notShared;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            shared = (await db.Businesses.SingleAsync(b => b.SharesWithCity && b.Name.StartsWith("平野食品"))).Id;
            notShared = (await db.Businesses.SingleAsync(b => b.Name == "なにわ精密工業株式会社")).Id;
        }

        var city = await SignInAsync("kankyo", "Kankyo-Demo-2025!");
        var page = await city.GetAsync(U($"/carbon/b/{shared}?fy=2025"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"city-banner\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync(U($"/carbon/b/{notShared}?fy=2025"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync(U($"/carbon/b/{notShared}/export.csv?fy=2025"))).StatusCode);
        var list = WebUtility.HtmlDecode(await city.GetStringAsync(U("/carbon/city?fy=2025")));
        Assert.Contains("平野食品株式会社（デモ・市と共有）", list, StringComparison.Ordinal);
        Assert.DoesNotContain("なにわ精密工業株式会社", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_annual_pdf_and_the_energy_origin_co2_sheet_download()
    {
        int maker;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            maker = (await s.ServiceProvider.GetRequiredService<CarbonDb>().Businesses.SingleAsync(b => b.Name == "なにわ精密工業株式会社")).Id;
        }

        var client = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        var pdf = await client.GetAsync(U($"/carbon/b/{maker}/report.pdf?fy=2025"));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.True(bytes.Length > 5_000);

        var xlsx = await client.GetAsync(U($"/carbon/b/{maker}/eegs.xlsx?fy=2025"));
        Assert.True(xlsx.StatusCode == HttpStatusCode.OK, await xlsx.Content.ReadAsStringAsync());
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var text = string.Join("|", doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<DocumentFormat.OpenXml.Spreadsheet.SharedStringItem>().Select(i => i.InnerText));
        Assert.Contains("都市ガス", text, StringComparison.Ordinal);
        Assert.Contains("t-CO2/千m³", text, StringComparison.Ordinal);
        Assert.Contains("他人から供給された電気・熱（マーケット基準）", text, StringComparison.Ordinal);
        Assert.Equal(3, doc.WorkbookPart.Workbook.Sheets!.ChildElements.Count); // 概要, エネルギー起源CO2, and 「その他のガス」 for the refrigerant top-up
    }
}
