using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Testing;

namespace OsakaDx.Carbon.Tests;

/// <summary>The monthly table form through the real HTTP pipeline, signed in as the demo business user.</summary>
[Collection(HostGroup.Name)]
public sealed partial class FormTests(HostFixture host)
{
    [GeneratedRegex("name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();

    private static string ErrorsOf(string html) => string.Join(" / ", Regex.Matches(WebUtility.HtmlDecode(html), "class=\"form-control-error\">([^<]+)<").Select(m => m.Groups[1].Value)) + " " + (html.Contains("calc-error", StringComparison.Ordinal) ? WebUtility.HtmlDecode(html[html.IndexOf("calc-error", StringComparison.Ordinal)..][..400]) : "");

    private static string MainOf(string html) => WebUtility.HtmlDecode(html.Contains("<main", StringComparison.Ordinal) ? html[html.IndexOf("<main", StringComparison.Ordinal)..][..Math.Min(3000, html.Length - html.IndexOf("<main", StringComparison.Ordinal))] : html);

    private Task<HttpClient> SignInAsync(string user, string password) => host.SignInAsync(user, password, "/carbon");

    private async Task<(int BusinessId, int SiteId)> DemoSiteAsync()
    {
        await using var s = host.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
        var site = await db.Sites.Include(x => x.Business).FirstAsync(x => x.Business!.Name == "なにわ精密工業株式会社" && x.Name == "第二工場");
        return (site.BusinessId, site.Id);
    }

    private static Dictionary<string, string> SheetForm(string html, string version)
    {
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "sheet",
            ["__RequestVerificationToken"] = Forms.Token(html),
            ["Input.Version"] = version,
        };
        foreach (var k in new[] { "electricity", "city_gas", "lpg", "gasoline", "diesel", "kerosene", "heavy_oil_a" })
        {
            form["u-" + k] = k switch { "electricity" => "kWh", "city_gas" => "m3", "lpg" => "kg", _ when k.StartsWith("heat_", StringComparison.Ordinal) => "GJ", _ => "L" };
        }

        return form;
    }

    [Fact]
    public async Task A_business_user_saves_the_monthly_table_and_a_stale_form_is_refused()
    {
        var (businessId, siteId) = await DemoSiteAsync();
        using var client = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        var url = new Uri($"/carbon/b/{businessId}/sites/{siteId}/activity/2026", UriKind.Relative);
        var page = await client.GetStringAsync(url);
        var version = VersionPattern().Match(page).Groups[1].Value;

        // A negative value and text: refused with messages naming the cells; nothing saved.
        var bad = SheetForm(page, version);
        bad["q-4-electricity"] = "-10";
        bad["q-5-electricity"] = "abc";
        var refused = WebUtility.HtmlDecode(await (await client.PostAsync(url, new FormUrlEncodedContent(bad))).Content.ReadAsStringAsync());
        Assert.Contains("4月の電気に負の値（-10）は入力できません", refused, StringComparison.Ordinal);
        Assert.Contains("5月の電気「abc」を数値として読めません", refused, StringComparison.Ordinal);
        Assert.Contains("href=\"/carbon/b/" + businessId + "/sites/" + siteId + "/activity/2026#q-4-electricity\"", refused, StringComparison.Ordinal);

        // A good post: saved, calculated, redirected.
        var good = SheetForm(page, version);
        good["q-4-electricity"] = "1,000";
        good["q-4-city_gas"] = "2";
        good["u-city_gas"] = "千m3";
        var saved = await client.PostAsync(url, new FormUrlEncodedContent(good));
        var savedHtml = await saved.Content.ReadAsStringAsync();
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, ErrorsOf(savedHtml) + MainOf(savedHtml));

        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            var run = await db.Runs.Where(r => r.BusinessId == businessId && r.FiscalYear == 2026).OrderByDescending(r => r.Id).FirstAsync();

            // The 第二工場's FY2026 sheet now holds April only: 2 千m³ × 2.05 = 4.1 t and 1,000 kWh × 0.000429 = 0.429 t.
            // The 本社工場 adds its own FY2026 months, so compare the 第二工場's lines of the newest run.
            var lines = await db.RunLines.Where(l => l.CalculationRunId == run.Id && l.SiteId == siteId).ToListAsync();
            Assert.Equal(4_100_000, lines.Where(l => l.Scope == 1).Sum(l => l.Grams));
            Assert.Equal(429_000, lines.Where(l => l.Method == "location").Sum(l => l.Grams));
            Assert.Equal(429_000, lines.Where(l => l.Method == "market").Sum(l => l.Grams));
            Assert.True(run.Provisional);
        }

        // The same form posted again carries the old version: refused with the concurrency banner, data unchanged.
        var stale = SheetForm(page, version);
        stale["q-4-electricity"] = "5000";
        var conflict = WebUtility.HtmlDecode(await (await client.PostAsync(url, new FormUrlEncodedContent(stale))).Content.ReadAsStringAsync());
        Assert.Contains("id=\"concurrency-banner\"", conflict, StringComparison.Ordinal);
        Assert.Contains("value=\"1000\"", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_business_user_cannot_open_another_business()
    {
        int other;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            other = await s.ServiceProvider.GetRequiredService<CarbonDb>().Businesses.Where(b => b.Name == "大阪ベイエコツアーズ株式会社").Select(b => b.Id).SingleAsync();
        }

        using var client = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/carbon/b/{other}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/api/carbon/businesses/{other}/results?fy=2025", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri($"/carbon/b/{other}/export.csv?fy=2025", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_api_and_the_downloads_give_the_stored_totals()
    {
        int businessId;
        CalculationRun run;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
            businessId = await db.Businesses.Where(b => b.Name == "大阪ベイエコツアーズ株式会社").Select(b => b.Id).SingleAsync();
            run = await db.Runs.AsNoTracking().Where(r => r.BusinessId == businessId && r.FiscalYear == 2025).OrderByDescending(r => r.Id).FirstAsync();
        }

        using var client = await SignInAsync("tour", "Tour-Demo-2025!");
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/carbon/businesses/{businessId}/results?fy=2025", UriKind.Relative)));
        Assert.Equal(run.Scope1Grams / 1_000_000m, json.RootElement.GetProperty("scope1TCo2").GetDecimal());
        Assert.Equal(run.Scope2MarketGrams / 1_000_000m, json.RootElement.GetProperty("scope2MarketTCo2").GetDecimal());
        Assert.Equal(run.FactorSetId, json.RootElement.GetProperty("factorSetId").GetInt32());

        var csv = System.Text.Encoding.UTF8.GetString(await client.GetByteArrayAsync(new Uri($"/carbon/b/{businessId}/export.csv?fy=2025", UriKind.Relative)));
        var total = csv.Split("\r\n").First(l => l.StartsWith("合計,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(new OsakaDx.Modules.Carbon.Calc.Emission(run.Scope1Grams).Tonnes.ToString("0.000###", System.Globalization.CultureInfo.InvariantCulture), total[2]);

        var xlsx = await client.GetAsync(new Uri($"/carbon/b/{businessId}/export.xlsx?fy=2025", UriKind.Relative));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.True((await xlsx.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    [Fact]
    public async Task The_environment_bureau_records_a_briefing_session()
    {
        using var client = await SignInAsync("kankyo", "Kankyo-Demo-2025!");
        var url = new Uri("/carbon/city/sessions", UriKind.Relative);
        var page = await client.GetStringAsync(url);
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "session",
            ["__RequestVerificationToken"] = Forms.Token(page),
            ["Input.Version"] = "0",
            ["Input.HeldOn"] = "2026-11-20",
            ["Input.Title"] = "テスト説明会",
            ["Input.Venue"] = "オンライン",
            ["Input.Attendees"] = "5",
            ["Input.Businesses"] = "9",
            ["Input.Note"] = "",
        };
        var refused = WebUtility.HtmlDecode(await (await client.PostAsync(url, new FormUrlEncodedContent(form))).Content.ReadAsStringAsync());
        Assert.Contains("「参加事業者数」は「参加者数」以下にしてください。", refused, StringComparison.Ordinal);

        form["Input.Businesses"] = "4";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(url, new FormUrlEncodedContent(form))).StatusCode);
        await using var s = host.Factory.Services.CreateAsyncScope();
        var saved = await s.ServiceProvider.GetRequiredService<CarbonDb>().BriefingSessions.SingleAsync(b => b.Title == "テスト説明会");
        Assert.Equal(new DateOnly(2026, 11, 20), saved.HeldOn);
        Assert.Equal("kankyo", saved.UpdatedBy);

        // A business member cannot open the register.
        using var business = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        var denied = await business.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_compares_with_peers_without_naming_them()
    {
        var (businessId, _) = await DemoSiteAsync();
        using var client = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/carbon/b/{businessId}?fy=2025", UriKind.Relative)));
        Assert.Contains("id=\"peers\"", html, StringComparison.Ordinal);
        Assert.Contains("同業種の中央値", html, StringComparison.Ordinal);
        Assert.Matches("この事業者</th><td class=\"num\">[0-9,]+\\.[0-9]{3}</td>", html);
        Assert.DoesNotContain("大正鉄工所", html, StringComparison.Ordinal);
        Assert.Contains("id=\"target\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"by-kind\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_adds_a_colleague_who_has_the_business_permission_only()
    {
        var (businessId, _) = await DemoSiteAsync();
        using var client = await SignInAsync("jigyosha", "Jigyo-Demo-2025!");
        var url = new Uri($"/carbon/b/{businessId}/members", UriKind.Relative);
        var page = await client.GetStringAsync(url);

        var refused = WebUtility.HtmlDecode(await (await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-member", ["__RequestVerificationToken"] = Forms.Token(page), ["Input.UserName"] = "staff",
        }))).Content.ReadAsStringAsync());
        Assert.Contains("「staff」には「排出量の可視化：事業者」の権限がありません", refused, StringComparison.Ordinal);

        var added = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-member", ["__RequestVerificationToken"] = Forms.Token(page), ["Input.UserName"] = "tour",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        await using var s = host.Factory.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<CarbonDb>();
        var member = await db.Members.SingleAsync(m => m.BusinessId == businessId && m.UserName == "tour");
        Assert.Equal(MemberRoles.Editor, member.Role);

        // The colleague can now open the business; removing them closes it again.
        using (var colleague = await SignInAsync("tour", "Tour-Demo-2025!"))
        {
            Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(new Uri($"/carbon/b/{businessId}", UriKind.Relative))).StatusCode);
        }

        page = await client.GetStringAsync(url);
        var removed = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"remove-{member.Id}", ["__RequestVerificationToken"] = Forms.Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await db.Members.AnyAsync(m => m.BusinessId == businessId && m.UserName == "tour"));
    }
}
