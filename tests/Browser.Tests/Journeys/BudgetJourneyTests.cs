using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// A 所属's budget clerk writes a 予算要求調書, the 所属 approves and submits it, the 財政局 査定s and
/// confirms it, and the city-wide totals are there to download. Japanese pages, checked by axe.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class BudgetJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_request_goes_from_the_clerk_through_approval_to_the_examiners_confirmation()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "budget", "Budget-Demo-2025!");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "グローバルメニュー" }).GetByRole(AriaRole.Link, new() { Name = "予算編成" }).ClickAsync();
        Assert.Contains("北区役所", await page.Locator("#progress-table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.Locator("#progress-table").GetByRole(AriaRole.Link, new() { Name = "北区役所" }).ClickAsync();
        await page.Locator("#status").SelectOptionAsync(new SelectOptionValue { Label = "作成中" });
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await page.WaitForURLAsync("**/budget/projects?*status=10*");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#projects-table tbody a").First.ClickAsync();
        await page.WaitForURLAsync("**/budget/requests/*");
        Assert.Contains("作成中", await page.Locator("#request-summary").InnerTextAsync(), StringComparison.Ordinal);
        var url = page.Url;
        await Screenshots.SaveAsync(page, "20-budget-request");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A new 積算 line in the first blank row; a price that is not a number is named in the summary.
        var blank = await page.Locator("#lines-table tbody tr").CountAsync() - 3;
        await page.Locator($"#line-{blank}-setsu").SelectOptionAsync(new SelectOptionValue { Label = "10 需用費" });
        await page.GetByLabel($"{blank + 1}行目 積算項目").FillAsync("コピー用紙");
        await page.GetByLabel($"{blank + 1}行目 単価（円）").FillAsync("千二百");
        await page.GetByLabel($"{blank + 1}行目 数量").FillAsync("50");
        await page.GetByLabel($"{blank + 1}行目 回数").FillAsync("12");
        await page.Locator("#save-draft").ClickAsync();
        Assert.Contains("「単価」は整数で入力してください", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("コピー用紙", await page.GetByLabel($"{blank + 1}行目 積算項目").InputValueAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel($"{blank + 1}行目 単価（円）").FillAsync("１，２００");
        await page.Locator("#save-draft").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        Assert.Contains("720,000", await page.Locator("#lines-table").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.ClearCookiesAsync();

        await Session.SignInAsync(page, "approver", "Approve-Demo-2025!");
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "所属として承認する" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "財政局へ提出する" }).ClickAsync();
        Assert.Contains("提出", await page.Locator("#request-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.ClearCookiesAsync();

        await Session.SignInAsync(page, "examiner", "Examine-Demo-2025!");
        await page.GotoAsync(url);
        await page.GetByLabel("コピー用紙 の査定額（円）").FillAsync("600000");
        await page.GetByLabel("コピー用紙 の査定コメント").FillAsync("単価を精査");
        await Screenshots.SaveAsync(page, "21-budget-assess");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#save-assessment").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "査定を確定する" }).ClickAsync();
        var summary = await page.Locator("#request-summary").InnerTextAsync();
        Assert.Contains("確定", summary, StringComparison.Ordinal);
        Assert.Contains("600,000", await page.Locator("#lines-table").InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/budget/pivot?by=setsu&stage=assessed");
        Assert.Equal(1, await page.Locator("#pivot-table").CountAsync());
        Assert.Equal(1, await page.Locator("#pivot-xlsx").CountAsync());
        await Screenshots.SaveAsync(page, "22-budget-pivot");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
