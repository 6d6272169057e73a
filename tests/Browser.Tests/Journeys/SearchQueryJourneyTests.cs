using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// A clerk follows a result to its extracted text and related files, narrows by department and
/// folds copies open; an administrator adds a synonym and reads the usage page.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class SearchQueryJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Staff_preview_a_result_narrow_by_department_and_open_the_similar_files()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "staff", "Staff-Demo-2025!");

        // As-you-type: the external script fills the box's datalist with names the user may read.
        await page.GotoAsync("/search");
        await page.GetByLabel("検索語").FillAsync("予算要求");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#q-suggestions option').length > 0");
        Assert.Contains("予算要求", await page.Locator("#q-suggestions option").First.GetAttributeAsync("value"), StringComparison.Ordinal);

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("予算要求"));
        var facets = page.GetByRole(AriaRole.Complementary, new() { Name = "検索結果の絞り込み" });
        await facets.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^デジタル統括室") }).ClickAsync();
        Assert.Contains("所属「デジタル統括室」の検索対象だけを検索しています", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Copies of the same workbook are one result with its similar files inside a <details>.
        var similar = page.Locator(".search-result__similar summary").First;
        Assert.Matches("^\\d+ 件の類似ファイル$", (await similar.InnerTextAsync()).Trim());
        await similar.ClickAsync();
        await Screenshots.SaveAsync(page, "22-search-similar-files");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^内容を見る・関連文書") }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "抽出テキスト" }).WaitForAsync();
        Assert.Contains("関連する文書", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "23-search-preview");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Admin_adds_a_synonym_sees_errors_for_a_single_word_and_reads_the_usage()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await page.GotoAsync("/search/admin/synonyms");
        await page.GetByLabel("同じ意味の語").FillAsync("窓口");
        await page.Locator("#save-synonym").ClickAsync();
        Assert.Contains("2語以上", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByLabel("同じ意味の語").FillAsync("窓口混雑, 待ち時間");
        await page.GetByLabel("メモ").FillAsync("窓口の言い方");
        await page.Locator("#save-synonym").ClickAsync();
        Assert.Contains("同義語を追加しました。", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("窓口混雑 ⇔ 待ち時間", await page.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "24-search-synonyms");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("予算要求"));
        await page.GotoAsync("/search/admin/analytics");
        Assert.Contains("予算要求", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "25-search-analytics");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
