using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>A clerk looks for a file by a word in it; an administrator registers a folder to search.</summary>
[Collection(BrowserTests.Collection)]
public sealed class SearchJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Staff_find_a_document_by_a_word_inside_a_compound_and_narrow_by_type()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "staff", "Staff-Demo-2025!");

        await Menu.OpenAsync(page, "AIファイル検索", "ファイル検索");
        await page.GetByLabel("検索語").FillAsync("空港");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();

        var results = page.Locator(".search-results");
        Assert.Contains("関西国際空港に関する", await results.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator(".search-results mark").CountAsync() > 0);
        await Screenshots.SaveAsync(page, "20-search-results");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Complementary, new() { Name = "検索結果の絞り込み" }).GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Word") }).ClickAsync();
        Assert.Equal(1, await page.Locator(".search-result").CountAsync());
    }

    [BrowserFact]
    public async Task Admin_sees_sources_and_the_registration_form_reports_errors()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");

        await page.GotoAsync("/search/admin");
        Assert.Contains("全庁共有フォルダ", await page.Locator("table").First.InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "検索対象を登録" }).ClickAsync();
        await page.GetByLabel("フォルダのパス").FillAsync("relative/path");
        await page.Locator("#save").ClickAsync();
        var summary = await page.Locator(".error-summary").InnerTextAsync();
        Assert.Contains("「表示名」を入力してください。", summary, StringComparison.Ordinal);
        Assert.Contains("絶対パス", summary, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "21-search-source-errors");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Admin_edits_a_source_schedule_pauses_and_resumes_it_with_plain_form_posts()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");
        await page.GotoAsync("/search/admin");
        Assert.Contains("tesseract", await page.Locator("#tool-table").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#source-table").GetByRole(AriaRole.Link, new() { Name = "北区役所 共有(デモ)", Exact = true }).ClickAsync();
        Assert.Contains("定期巡回", await page.Locator("dl").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "22-search-source-detail");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Edit: a bad interval names the field; then a daily time is saved and shown.
        await page.Locator("#edit").ClickAsync();
        await page.GetByLabel("「巡回の間隔」ごと").CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "巡回の間隔（時間）" }).FillAsync("0");
        await page.Locator("#save").ClickAsync();
        Assert.Contains("「巡回の間隔（時間）」は1から168まで", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByLabel("毎日「巡回の時刻」に").CheckAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "巡回の間隔（時間）" }).FillAsync("24");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "巡回の時刻" }).FillAsync("６:４５");
        await page.Locator("#save").ClickAsync();
        Assert.Contains("毎日 06:45", await page.Locator("dl").InnerTextAsync(), StringComparison.Ordinal);

        // Pause and resume are plain form posts.
        await page.Locator("#pause").ClickAsync();
        Assert.Contains("一時停止しました", await page.Locator("#done-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("一時停止中", await page.Locator("dl").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#resume").ClickAsync();
        Assert.Contains("再開しました", await page.Locator("#done-banner").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task Admin_uploads_the_SID_table_sees_each_bad_line_then_replaces_the_table()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "admin", "Admin-Demo-2025!");
        await Menu.OpenAsync(page, "AIファイル検索", "SID の対応表");

        const string domain = "S-1-5-21-2000000001-2000000002-2000000003";
        var bad = $"SID,種別,対象,名称\n{domain}-1200,ユーザー,admin,管理者\nS-1-5-21-x,ユーザー,staff,職員\n{domain}-3001,部署,W01,北区役所_G\n";
        await page.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "対応表.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });
        await page.Locator("#import-principals").ClickAsync();
        Assert.Contains("2 件の誤りがあるため、何も取り込んでいません", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        var reasons = await page.Locator("#import-errors + ul").InnerTextAsync();
        Assert.Contains("3行目「SID」列", reasons, StringComparison.Ordinal);
        Assert.Contains("4行目「種別」列", reasons, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "27-search-principals-errors");
        await AxeAssert.NoSeriousViolationsAsync(page);

        var good = $"SID,種別,対象,名称\n{domain}-1200,ユーザー,admin,管理者\n{domain}-3001,所属,W01,北区役所_G\n";
        await page.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "対応表.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(good) });
        await page.Locator("#import-principals").ClickAsync();
        Assert.Contains("2 件の対応を取り込みました", await page.Locator("#principals-done").InnerTextAsync(), StringComparison.Ordinal);
        var table = await page.Locator("#principals-table").InnerTextAsync();
        Assert.Contains($"{domain}-3001", table, StringComparison.Ordinal);
        Assert.Contains("北区役所", table, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "28-search-principals");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
