using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// A clerk types part of a folder name and the box suggests it (from the name index, through the
/// external script); a mistyped search with no hits offers the names that come close.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class SearchSuggestJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Staff_get_folder_suggestions_as_they_type_and_name_hints_for_a_mistyped_search()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "staff", "Staff-Demo-2025!");
        await Menu.OpenAsync(page, "AIファイル検索", "ファイル検索");

        // Part of a folder's name: the datalist offers the folder, labelled as one, with its path.
        await page.GetByLabel("検索語").PressSequentiallyAsync("環境施策", new() { Delay = 30 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#q-suggestions option')].some(o => o.value === '環境施策課')");
        var label = await page.Locator("#q-suggestions option[value='環境施策課']").GetAttributeAsync("label");
        Assert.StartsWith("フォルダ：", label, StringComparison.Ordinal);
        Assert.Contains("環境局", label, StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A mistyped search finds nothing; the names that come close are offered, and the folder opens.
        await page.GetByLabel("検索語").FillAsync("環境施策課ズ");
        await page.GetByLabel("検索語").PressAsync("Enter");
        var hints = page.GetByRole(AriaRole.Region, new() { Name = "名前が近いファイル・フォルダ" });
        await hints.WaitForAsync();
        Assert.Contains("環境施策課", await hints.InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "26-search-name-hints");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await hints.GetByRole(AriaRole.Link, new() { Name = "環境施策課", Exact = true }).ClickAsync();
        Assert.Contains("温室効果ガス", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }
}
