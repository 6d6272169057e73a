using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>An administrator looks after staff, the organization and the audit log.</summary>
[Collection(BrowserTests.Collection)]
public sealed class AdminJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Admin_opens_the_staff_list_and_finds_the_demo_accounts()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await Menu.OpenAsync(page, "管理", "職員");

        Assert.EndsWith("/admin/users", page.Url, StringComparison.Ordinal);
        var table = page.Locator("table");
        Assert.Contains("梅田 次郎", await table.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("中之島 花子", await table.InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "05-admin-users");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Organization_form_with_errors_keeps_the_input_and_saving_it_right_is_audited()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await page.GotoAsync("/admin/org");
        Assert.Equal(1, await page.Locator("table", new() { HasText = "北区役所" }).CountAsync());
        await Screenshots.SaveAsync(page, "06-admin-org");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/admin/org/new");
        await page.GetByLabel("コード").FillAsync("T-900");
        await page.GetByLabel("よみ").FillAsync("てすとか");
        await page.GetByLabel("表示順").FillAsync("いち");
        await page.Locator("#save").ClickAsync();

        var summary = page.Locator(".error-summary");
        var text = await summary.InnerTextAsync();
        Assert.Contains("「名称」", text, StringComparison.Ordinal);
        Assert.Contains("「表示順」", text, StringComparison.Ordinal);
        Assert.Equal("T-900", await page.GetByLabel("コード").InputValueAsync());
        Assert.Equal("てすとか", await page.GetByLabel("よみ").InputValueAsync());
        await Screenshots.SaveAsync(page, "07-admin-org-errors");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("名称").FillAsync("テスト課");
        await page.Locator("#Kind").SelectOptionAsync(new SelectOptionValue { Label = "課" });
        await page.GetByLabel("表示順").FillAsync("1");
        await page.Locator("#save").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());

        await page.GotoAsync("/admin/audit?entity=OrgUnit");
        var audit = await page.Locator("table").InnerTextAsync();
        Assert.Contains("登録", audit, StringComparison.Ordinal);
        Assert.Contains("admin", audit, StringComparison.Ordinal);
        Assert.Contains("テスト課", await page.Locator("table details").First.TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "08-admin-audit");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Roles_and_jobs_pages_are_accessible()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await page.GotoAsync("/admin/roles");
        Assert.Contains("監査担当", await page.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/admin/jobs");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "09-admin-jobs");
    }
}
