using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Carbon.Activity;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Platform.Data;

namespace OsakaDx.Carbon.Tests;

[Collection(HostGroup.Name)]
public sealed class HostTests(HostFixture host)
{
    [Fact]
    public async Task The_tour_catalogue_and_a_tour_page_are_public()
    {
        using var client = host.Client();
        var catalogue = await client.GetAsync(new Uri("/carbon/tours", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        var html = WebUtility.HtmlDecode(await catalogue.Content.ReadAsStringAsync());
        Assert.Contains("水都大阪と万博記念 脱炭素1泊2日ツアー", html, StringComparison.Ordinal);
        Assert.DoesNotContain("下書き", html, StringComparison.Ordinal);

        int id;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            id = await s.ServiceProvider.GetRequiredService<CarbonDb>().Tours.Where(t => t.Title.StartsWith("水都大阪")).Select(t => t.Id).SingleAsync();
        }

        var page = await client.GetAsync(new Uri($"/carbon/tours/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        // By hand: subway 18 + 9 + 8 km × 0.015 kg/人km = 0.525 kg, walking 0, hotel's own 12.5 kg → 13.025 kg;
        // conventional: car 18 × 0.172 + taxi 9 × 0.341 + taxi 3 × 0.341 + car 8 × 0.172 = 8.564 kg, standard night 31.532238 kg → 40.096238 kg.
        // Meals and activities (the operator's figures): 1.2 + 0.3 kg against 2.6 + 1.1 kg.
        // Per participant: 14.525 kg against 43.796 kg (the night rounds to 31.532 kg); reduction 29.271 / 43.796 = 66.8%.
        Assert.Contains("14.5 kg-CO2", text, StringComparison.Ordinal);
        Assert.Contains("43.8 kg-CO2", text, StringComparison.Ordinal);
        Assert.Contains("66.8%", text, StringComparison.Ordinal);
        Assert.Contains("なにわ伝統野菜の昼食", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_tour_is_not_public_and_business_pages_need_sign_in()
    {
        int draft;
        await using (var s = host.Factory.Services.CreateAsyncScope())
        {
            draft = await s.ServiceProvider.GetRequiredService<CarbonDb>().Tours.Where(t => !t.IsPublished).Select(t => t.Id).FirstAsync();
        }

        using var client = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/carbon/tours/{draft}", UriKind.Relative))).StatusCode);
        var dashboard = await client.GetAsync(new Uri("/carbon/b/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Contains("/account/login", dashboard.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/carbon/businesses/1/results?fy=2025", UriKind.Relative))).StatusCode);
    }

    private static async Task<(int BusinessId, int SiteId)> NewBusinessAsync(IServiceProvider sp, string name, string? menu = null)
    {
        var db = sp.GetRequiredService<CarbonDb>();
        var b = new Business
        {
            Name = name, IndustryCode = "E", Ward = "北区", Employees = 10, FloorAreaM2 = 100m, AnnualSalesYen = 100_000_000,
            Sites = [new Site { Name = "本社", ElectricityMenuKey = menu }],
        };
        db.Businesses.Add(b);
        await db.SaveChangesAsync();
        return (b.Id, b.Sites[0].Id);
    }

    [Fact]
    public async Task Old_results_keep_their_factor_version_and_a_recalculation_shows_the_difference()
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var sp = scope.ServiceProvider;
        var (businessId, siteId) = await NewBusinessAsync(sp, "係数版テスト株式会社");
        await sp.GetRequiredService<ActivityService>().SaveSheetAsync(siteId, 2025, [new ActivityCell(4, "city_gas", 1000m, Unit.M3)], 0, "test");
        var calc = sp.GetRequiredService<CalculationService>();
        var first = await calc.RunAsync(businessId, 2025, null, "test");
        var embedded = await sp.GetRequiredService<FactorCatalog>().EnsureEmbeddedAsync();

        // 1,000 m³ = 1 千m³ × 2.05 = 2.05 t.
        Assert.Equal(embedded.Id, first.FactorSetId);
        Assert.Equal(2_050_000, first.Scope1Grams);

        // A new version for FY2025 with the older city-gas value 2.23 (as a test of versioning only).
        var csv = string.Join("\r\n",
            string.Join(",", FactorCatalog.Headers),
            "city_gas,都市ガス,燃料,1,千m3,2.23,2025,https://example.jp/test,2025,H,未照合,テスト用",
            "electricity_substitute,電気（代替値）,電気,2,kWh,0.000429,2025,https://example.jp/test,2025,S,未照合,テスト用") + "\r\n";
        var set = await sp.GetRequiredService<FactorCatalog>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "テスト版", 2025, "test.csv", "test");
        var second = await calc.RunAsync(businessId, 2025, null, "test");

        Assert.Equal(set.Id, second.FactorSetId);
        Assert.Equal(2_230_000, second.Scope1Grams);

        var db = sp.GetRequiredService<CarbonDb>();
        var stored = await db.Runs.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == first.Id);
        Assert.Equal(embedded.Id, stored.FactorSetId);
        Assert.Equal(2_050_000, stored.Scope1Grams);
        Assert.Equal(2.05m, Assert.Single(stored.Lines).FactorValue);

        var diff = Assert.Single(CalculationService.Diff(stored, second));
        Assert.Equal(180_000, diff.Change.Grams);
        Assert.Equal(2.05m, diff.FactorBefore);
        Assert.Equal(2.23m, diff.FactorAfter);

        // Tidy up: later tests choose the newest set for FY2025.
        db.RunLines.RemoveRange(db.RunLines.Where(l => l.CalculationRunId == second.Id));
        db.Runs.Remove(await db.Runs.SingleAsync(r => r.Id == second.Id));
        db.FactorSets.Remove(await db.FactorSets.SingleAsync(s => s.Id == set.Id));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_stale_sheet_save_is_refused_and_changes_nothing()
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var sp = scope.ServiceProvider;
        var (_, siteId) = await NewBusinessAsync(sp, "同時編集テスト株式会社");
        var activity = sp.GetRequiredService<ActivityService>();
        var sheet = await activity.SaveSheetAsync(siteId, 2025, [new ActivityCell(4, "electricity", 100m, Unit.KWh)], 0, "clerk-a");
        var shown = sheet.Version;

        // Clerk A saves again from the form drawn at version `shown`...
        await using (var other = host.Factory.Services.CreateAsyncScope())
        {
            await other.ServiceProvider.GetRequiredService<ActivityService>()
                .SaveSheetAsync(siteId, 2025, [new ActivityCell(4, "electricity", 200m, Unit.KWh)], shown, "clerk-a");
        }

        // ...and clerk B, who opened the same form, saves afterwards with the same version.
        await using (var stale = host.Factory.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<SheetConflictException>(() => stale.ServiceProvider.GetRequiredService<ActivityService>()
                .SaveSheetAsync(siteId, 2025, [new ActivityCell(4, "electricity", 999m, Unit.KWh)], shown, "clerk-b"));
        }

        await using var check = host.Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<CarbonDb>();
        var line = await db.Lines.AsNoTracking().SingleAsync(l => db.Sheets.Any(s => s.Id == l.ActivitySheetId && s.SiteId == siteId));
        Assert.Equal(200m, line.Quantity);
    }

    [Fact]
    public async Task A_bill_file_with_a_bad_line_names_it_and_writes_nothing()
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var sp = scope.ServiceProvider;
        var (businessId, siteId) = await NewBusinessAsync(sp, "取込テスト株式会社");
        var csv = "事業所,年月,種別,数量,単位\r\n本社,2025-04,電気,\"12,345\",kWh\r\n本社,2025-05,電気,-5,kWh\r\n本社,2025-06,ガソリン,30,kWh\r\n本社,2025-07,都市ガス,800,m3\r\n";
        var (rows, years, errors) = await sp.GetRequiredService<ActivityService>().ImportBillsAsync(businessId, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "test");

        Assert.Equal(0, rows);
        Assert.Empty(years);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("3行目「数量」列:", errors[0], StringComparison.Ordinal);
        Assert.Contains("負の値", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("4行目「単位」列:", errors[1], StringComparison.Ordinal);
        Assert.Contains("ガソリンの単位に「kWh」は使えません", errors[1], StringComparison.Ordinal);
        Assert.False(await sp.GetRequiredService<CarbonDb>().Sheets.AnyAsync(s => s.SiteId == siteId));
    }

    [Fact]
    public async Task A_good_bill_file_is_imported_and_calculated()
    {
        var (scope, actor) = host.Scope();
        await using var _ = scope;
        using var __ = actor;
        var sp = scope.ServiceProvider;
        var (businessId, siteId) = await NewBusinessAsync(sp, "取込成功株式会社", menu: "fps_menu_c");
        var csv = "年月,種別,数量,単位\r\n2025-04,電気,\"10,000\",kWh\r\n2025-04,都市ガス,1.5,千m3\r\n2026-03,ガソリン,200,L\r\n";
        var (rows, years, errors) = await sp.GetRequiredService<ActivityService>().ImportBillsAsync(businessId, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "test");
        Assert.Empty(errors);
        Assert.Equal(3, rows);
        Assert.Equal([2025], years);

        var run = await sp.GetRequiredService<CalculationService>().RunAsync(businessId, 2025, null, "test");

        // City gas 1.5 千m³ × 2.05 = 3.075 t; gasoline 200 L = 0.2 kL × 2.29 = 0.458 t (March 2026 belongs to FY2025).
        Assert.Equal(3_533_000, run.Scope1Grams);
        Assert.Equal(4_290_000, run.Scope2LocationGrams);
        Assert.Equal(1_670_000, run.Scope2MarketGrams);
    }

    [Fact]
    public void Warnings_flag_gaps_and_jumps_against_last_year()
    {
        var last = new ActivitySheet { Lines = [new ActivityLine { Month = 8, ActivityKey = "city_gas", Quantity = 1m, UnitCode = "千m3" }] };
        var now = new ActivitySheet
        {
            Lines =
            [
                new ActivityLine { Month = 4, ActivityKey = "city_gas", Quantity = 700m, UnitCode = "m3" },
                new ActivityLine { Month = 8, ActivityKey = "city_gas", Quantity = 1600m, UnitCode = "m3" },
            ],
        };
        var current = ActivityService.Warnings(now, last, yearIsOver: false);
        Assert.Contains(current, w => w.StartsWith("都市ガス: 5月、6月、7月 が未入力", StringComparison.Ordinal));
        Assert.Contains(current, w => w.Contains("8月: 1,600 m³ は前年同月（1,000 m³）と大きく違います", StringComparison.Ordinal));
        var past = ActivityService.Warnings(now, null, yearIsOver: true);
        Assert.Contains(past, w => w.Contains("3月 が未入力", StringComparison.Ordinal));
    }
}
