using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>A business enters a month of bills and reads its dashboard; a visitor reads a tour page without signing in.</summary>
[Collection(BrowserTests.Collection)]
public sealed class CarbonJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_visitor_reads_the_tour_catalogue_and_a_tour_without_signing_in()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync("/carbon/tours");
        Assert.EndsWith("/carbon/tours", page.Url, StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "水都大阪と万博記念 脱炭素1泊2日ツアー" }).ClickAsync();

        var footprint = await page.Locator("#footprint").InnerTextAsync();
        Assert.Contains("14.5 kg-CO2", footprint, StringComparison.Ordinal);
        Assert.Contains("43.8 kg-CO2", footprint, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "20-carbon-tour");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task A_business_enters_bills_by_keyboard_and_sees_errors_then_its_dashboard()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "jigyosha", "Jigyo-Demo-2025!");

        await Menu.OpenAsync(page, "脱炭素・CO2 見える化", "排出量の可視化");
        await page.GetByRole(AriaRole.Link, new() { Name = "なにわ精密工業株式会社" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "第二工場 の使用量を入力" }).ClickAsync();

        // The cells are named by their row and column headers: 「11月 電気」.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "11月 電気" }).FillAsync("-3");
        await page.Locator("#save").ClickAsync();
        Assert.Contains("11月の電気に負の値", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "11月 電気" }).FillAsync("8100");
        await page.Locator("#save").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "排出量のダッシュボードを見る" }).ClickAsync();

        var totals = await page.Locator("#totals").InnerTextAsync();
        Assert.Contains("Scope 2 ロケーション基準", totals, StringComparison.Ordinal);
        Assert.Contains("Scope 2 マーケット基準", totals, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "21-carbon-dashboard");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task A_business_registers_enters_bills_sees_dashboard_and_simulator_downloads_its_report_and_publishes_a_tour()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;

        // Self-registration (no account yet).
        await page.GotoAsync("/carbon/register");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByLabel("ユーザー名").FillAsync("tenma-print");
        await page.GetByLabel("お名前").FillAsync("天満 太郎");
        await page.Locator("#Password").FillAsync("Tenma-Print-2026");
        await page.GetByLabel("パスワード（確認）").FillAsync("Tenma-Print-2026");
        await page.GetByLabel("事業者名").FillAsync("天満ジャーニー印刷株式会社");
        await page.Locator("#Industry").SelectOptionAsync(new SelectOptionValue { Value = "E" });
        await page.Locator("#Ward").SelectOptionAsync(new SelectOptionValue { Label = "北区" });
        await page.GetByLabel("従業員数（人）").FillAsync("12");
        await page.GetByLabel("延床面積（m²）").FillAsync("300");
        await page.GetByLabel("年間売上高（円）").FillAsync("150000000");
        await page.Locator("#register").ClickAsync();
        Assert.Equal(1, await page.Locator("#welcome-banner").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A year of electricity and gas bills, by keyboard, with amounts.
        await page.GetByRole(AriaRole.Link, new() { Name = "本社 の使用量を入力" }).ClickAsync();
        var months = new[] { 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3 };
        foreach (var m in months)
        {
            await page.GetByRole(AriaRole.Textbox, new() { Name = $"{m}月 電気", Exact = true }).FillAsync("5000");
            await page.GetByRole(AriaRole.Textbox, new() { Name = $"{m}月 都市ガス", Exact = true }).FillAsync("300");
        }

        await page.Locator("#c-4-electricity").FillAsync("150000");
        await page.Locator("#save").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "排出量のダッシュボードを見る" }).ClickAsync();

        // Dashboard: 60,000 kWh × 0.000429 = 25.74 t on both bases (no menu); 3,600 m³ = 3.6 千m³ × 2.05 = 7.38 t.
        var totals = await page.Locator("#totals").InnerTextAsync();
        Assert.Contains("25.740", totals, StringComparison.Ordinal);
        Assert.Contains("7.380", totals, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#cost").CountAsync());
        await Screenshots.SaveAsync(page, "22-carbon-registered-dashboard");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Simulator.
        await page.Locator("#simulator-link").ClickAsync();
        Assert.Contains("LED照明", await page.Locator("#results").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByLabel("電気のうち照明の割合（%）").FillAsync("40");
        await page.Locator("#simulate").ClickAsync();
        Assert.Contains("led_share=40", page.Url, StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Report downloads from the dashboard.
        await page.GetByRole(AriaRole.Link, new() { Name = "ダッシュボードに戻る" }).ClickAsync();
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.Locator("#pdf-link").ClickAsync());
        Assert.EndsWith(".pdf", pdf.SuggestedFilename, StringComparison.Ordinal);
        var eegs = await page.RunAndWaitForDownloadAsync(() => page.Locator("#eegs-link").ClickAsync());
        Assert.EndsWith(".xlsx", eegs.SuggestedFilename, StringComparison.Ordinal);

        // Yearly entries and the members page are accessible too.
        await page.Locator("#entries-link").ClickAsync();
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "担当者と共有" }).ClickAsync();
        await page.Locator("#invite").ClickAsync();
        Assert.Contains("/carbon/join/", await page.Locator("#invite-link").InputValueAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        // The business is also a tour operator: it publishes a tour; the public page shows its footprint.
        await page.GotoAsync(page.Url.Replace("/members", "/tours/new", StringComparison.Ordinal));
        await page.GetByLabel("ツアー名").FillAsync("天満橋から中之島 歩いてめぐる半日ツアー");
        await page.Locator("#leg-1-label").FillAsync("天満橋 → 中之島");
        await page.Locator("#leg-1-mode").SelectOptionAsync(new SelectOptionValue { Value = "mode_walk_cycle" });
        await page.Locator("#leg-1-base").SelectOptionAsync(new SelectOptionValue { Value = "mode_taxi" });
        await page.Locator("#leg-1-km").FillAsync("2");
        await page.Locator("#IsPublished").CheckAsync();
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#save").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "公開ページを見る" }).ClickAsync();
        // Walking 0 kg against a taxi: 2 km × 0.341 = 0.682 kg.
        var footprint = await page.Locator("#footprint").InnerTextAsync();
        Assert.Contains("0.0 kg-CO2", footprint, StringComparison.Ordinal);
        Assert.Contains("0.7 kg-CO2", footprint, StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task City_staff_see_participation_and_suppressed_aggregates()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "kankyo", "Kankyo-Demo-2025!");
        await page.GotoAsync("/carbon/city?fy=2025");
        Assert.Contains("非表示（5者未満）", await page.Locator("#by-industry").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#participation-chart").CountAsync());
        await Screenshots.SaveAsync(page, "23-carbon-city");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "平野食品株式会社（デモ・市と共有）" }).ClickAsync();
        Assert.Equal(1, await page.Locator("#city-banner").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync("/carbon/city/sessions");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
