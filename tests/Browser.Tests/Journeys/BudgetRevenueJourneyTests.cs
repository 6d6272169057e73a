using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// 歳入 requests: a 所属's clerk starts a 歳入 request, enters its 積算 (a bad 単価 named first), the 所属 approves and
/// submits it, the examiner in charge 査定s it (保留); then the 収支状況, the reconciliation and the 歳入 pivot.
/// Japanese pages, checked by axe.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class BudgetRevenueJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_clerk_enters_a_revenue_request_and_the_examiner_assesses_it()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "budget", "Budget-Demo-2025!");
        await page.GotoAsync("/budget");
        await page.Locator("#revenue-link").ClickAsync();
        await page.WaitForURLAsync("**/budget/revenue?*");
        Assert.Equal(1, await page.Locator("#revenue-table").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.Locator("#new-moku").SelectOptionAsync(new SelectOptionValue { Label = "一般会計 / 諸収入 / 延滞金加算金及び過料 / 延滞金" });
        await page.Locator("#new-revenue-submit").ClickAsync();
        await page.WaitForURLAsync("**/budget/revenue/*");
        var url = page.Url;
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.Locator("#revenue-basis").FillAsync("調定見込額 × 収納率");
        await page.GetByLabel("1行目 積算項目").FillAsync("延滞金（現年分）");
        await page.GetByLabel("1行目 算式").FillAsync("調定見込額 × 収納率");
        await page.GetByLabel("1行目 単価").FillAsync("百万");
        await page.GetByLabel("1行目 数量").FillAsync("3");
        await page.GetByLabel("1行目 率（％）").FillAsync("10");
        await page.Locator("#revenue-save").ClickAsync();
        Assert.Contains("1行目: 「単価」は整数で入力してください", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("延滞金（現年分）", await page.GetByLabel("1行目 積算項目").InputValueAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("1行目 単価").FillAsync("1,000,000");
        await page.Locator("#revenue-save").ClickAsync();
        Assert.Equal(1, await page.Locator("#revenue-banner").CountAsync());
        Assert.Contains("300,000", await page.Locator("#revenue-lines-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "40-budget-revenue-request");
        await page.Context.ClearCookiesAsync();

        await Session.SignInAsync(page, "approver", "Approve-Demo-2025!");
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "所属承認する" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "財政局に提出する" }).ClickAsync();
        Assert.Equal(1, await page.Locator("#revenue-banner").CountAsync());
        await page.Context.ClearCookiesAsync();

        await Session.SignInAsync(page, "examiner", "Examine-Demo-2025!");
        await page.GotoAsync(url);
        await page.Locator("#assess-amount").FillAsync("250000");
        await page.Locator("#assess-decision").SelectOptionAsync(new SelectOptionValue { Label = "保留" });
        await page.Locator("#assess-comment").FillAsync("収納率を精査");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#revenue-assess").ClickAsync();
        Assert.Equal(1, await page.Locator("#revenue-banner").CountAsync());
        Assert.Contains("250,000", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "41-budget-revenue-assess");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/budget/balance");
        Assert.Equal(1, await page.Locator("#revenue-balance-table").CountAsync());
        await Screenshots.SaveAsync(page, "42-budget-revenue-balance");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync("/budget/revenue/reconcile?all=true");
        Assert.Equal(1, await page.Locator("#reconcile-table").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync("/budget/pivot?side=revenue&by=kan");
        Assert.Contains("市税", await page.Locator("#pivot-table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
