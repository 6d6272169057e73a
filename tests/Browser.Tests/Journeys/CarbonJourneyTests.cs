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
        Assert.Contains("13.0 kg-CO2", footprint, StringComparison.Ordinal);
        Assert.Contains("40.1 kg-CO2", footprint, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "20-carbon-tour");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task A_business_enters_bills_by_keyboard_and_sees_errors_then_its_dashboard()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "jigyosha", "Jigyo-Demo-2025!");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "グローバルメニュー" }).GetByRole(AriaRole.Link, new() { Name = "排出量の可視化" }).ClickAsync();
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
}
