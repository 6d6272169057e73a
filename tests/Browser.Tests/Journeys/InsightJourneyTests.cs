using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>A department analyst opens the statistics dashboard, drills down to a ward and builds a query whose small cells are 「X」.</summary>
[Collection(BrowserTests.Collection)]
public sealed class InsightJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task A_department_user_reads_the_dashboards_drills_down_and_builds_a_query_with_suppressed_cells()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "bunseki", "Bunseki-Demo-2025!");
        await Menu.OpenAsync(page, "全庁データ活用", "統計ダッシュボード");

        // The demo city is made by a background job when the host starts; the page says so until it is ready.
        for (var i = 0; i < 240 && await page.Locator("#not-ready").CountAsync() > 0; i++)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ReloadAsync();
        }

        Assert.Equal("統計ダッシュボード：大阪市", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("高齢化率", await page.Locator("#kpi").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "70-insight-city");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Drill down from the ward table to 大正区 and its 町丁目.
        await page.Locator("#aging").GetByRole(AriaRole.Link, new() { Name = "大正区" }).ClickAsync();
        Assert.Equal("統計ダッシュボード：大正区", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("大正区 第001町丁目", await page.Locator("#aging").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        // The query builder: women by 町丁目 and 5-year age band in 大正区; small cells come back as 「X」.
        await page.GetByRole(AriaRole.Link, new() { Name = "集計ツールで条件を選んで集計する" }).ClickAsync();
        await page.GetByLabel("列（任意）").SelectOptionAsync(new SelectOptionValue { Label = "年齢5歳階級" });
        await page.GetByLabel("性別（人口）").SelectOptionAsync(new SelectOptionValue { Label = "女" });
        await page.GetByRole(AriaRole.Button, new() { Name = "集計する" }).ClickAsync();
        var result = await page.Locator("#result-table").InnerTextAsync();
        Assert.Contains("X", result, StringComparison.Ordinal);
        Assert.Contains("大正区・女", await page.Locator("#result").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "71-insight-query");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A 町丁目 breakdown without a ward names the field to fix.
        await page.GetByLabel("区", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "指定しない" });
        await page.GetByRole(AriaRole.Button, new() { Name = "集計する" }).ClickAsync();
        Assert.Contains("町丁目別にするときは「区」を選んでください。", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Department datasets: 健康局's own (demo) dataset, its column roles, lineage and a query with 「X」.
        await page.GotoAsync("/insight/datasets");
        for (var i = 0; i < 240 && await page.Locator("#dataset-table").CountAsync() == 0; i++)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ReloadAsync();
        }

        Assert.Equal("部署データ", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("#upload-form").IsVisibleAsync());
        await Screenshots.SaveAsync(page, "72-insight-datasets");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Uploading without a file names the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        Assert.Contains("「CSVファイル」を選んでください。", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.Locator("#dataset-table").GetByRole(AriaRole.Link).First.ClickAsync();
        Assert.Contains("特定健診", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("読み捨てた列: 氏名", await page.Locator("#dataset-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#columns-table").IsVisibleAsync()); // the owner department sets the roles
        await page.Locator("#rows").SelectOptionAsync(new SelectOptionValue { Label = "町丁目コード" });
        await page.Locator("#cols").SelectOptionAsync(new SelectOptionValue { Label = "年齢" });
        await page.Locator("#run-query").ClickAsync();
        Assert.Contains("X", await page.Locator("#result-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "73-insight-dataset");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
