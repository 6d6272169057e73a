using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// A 所属's budget clerk writes a 予算要求調書, the 所属 approves and submits it, the 財政局 査定s and
/// confirms it, closes the 復活要求 stage, compares it with the 内示, downloads the 予算書, and reads
/// the 執行率 after importing the accounting system's execution CSV. Japanese pages, checked by axe.
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
        await page.GetByLabel("コピー用紙 の査定区分").SelectOptionAsync(new SelectOptionValue { Label = "計上" });
        await page.GetByLabel("コピー用紙 の査定額（円）").FillAsync("600000");
        await page.GetByLabel("コピー用紙 の査定コメント").FillAsync("単価を精査");
        await Screenshots.SaveAsync(page, "21-budget-assess");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#save-assessment").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());

        // 復活要求 (the 内示 is closed in the demo): the clerk asks back part of the cut; a missing reason is named first.
        await page.Context.ClearCookiesAsync();
        await Session.SignInAsync(page, "budget", "Budget-Demo-2025!");
        await page.GotoAsync(url);
        await page.Locator("#restoration-link").ClickAsync();
        await page.Locator("#restoration-amount").FillAsync("50,000");
        await page.Locator("#restoration-submit").ClickAsync();
        Assert.Contains("「復活要求の理由」を入力してください", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#restoration-reason").FillAsync("用紙の単価が上がったため");
        await page.Locator("#restoration-submit").ClickAsync();
        Assert.Contains("復活要求を提出しました", await page.Locator("#restoration-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("50,000", await page.Locator("#restoration-history").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "21b-budget-restoration");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Context.ClearCookiesAsync();

        // The examiner in charge sees it in 復活要求一覧 (answered in the 局長査定 stage), then confirms the 査定.
        await Session.SignInAsync(page, "examiner", "Examine-Demo-2025!");
        await page.GotoAsync("/budget");
        await page.Locator("#restorations-link").ClickAsync();
        Assert.Contains("回答待ち", await page.Locator("#restoration-table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "査定を確定する" }).ClickAsync();
        var summary = await page.Locator("#request-summary").InnerTextAsync();
        Assert.Contains("確定", summary, StringComparison.Ordinal);
        Assert.Contains("600,000", await page.Locator("#lines-table").InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/budget/pivot?by=setsu&stage=assessed");
        Assert.Equal(1, await page.Locator("#pivot-table").CountAsync());
        Assert.Equal(1, await page.Locator("#pivot-xlsx").CountAsync());
        await Screenshots.SaveAsync(page, "22-budget-pivot");
        await AxeAssert.NoSeriousViolationsAsync(page);
    
        // The 財政局 closes the 復活要求: the figures of this moment are recorded, then compared with the 内示.
        await page.GotoAsync("/budget/stages");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "「復活要求」を締め切る" }).ClickAsync();
        Assert.Contains("「復活要求」を締め切りました", await page.Locator("#stage-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("復活要求", await page.Locator("#milestones-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "23-budget-stages");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.Locator("#a").SelectOptionAsync(new SelectOptionValue { Label = "内示" });
        await page.Locator("#b").SelectOptionAsync(new SelectOptionValue { Label = "復活要求" });
        await page.Locator("#by").SelectOptionAsync(new SelectOptionValue { Label = "所属別" });
        await page.Locator("#compare").ClickAsync();
        await page.WaitForURLAsync("**/budget/compare?*");
        var compared = await page.Locator("#compare-table").InnerTextAsync();
        Assert.Contains("北区役所", compared, StringComparison.Ordinal);
        Assert.NotEqual(await page.Locator("#compare-total-a").InnerTextAsync(), await page.Locator("#compare-total-b").InnerTextAsync());
        await Screenshots.SaveAsync(page, "24-budget-compare");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // The 予算書 of the stage downloads as an Excel workbook.
        await page.GotoAsync("/budget/stages");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#book-revival").ClickAsync());
        Assert.EndsWith("_復活要求.xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var bookPath = Path.Combine(Path.GetTempPath(), $"osakadx-book-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(bookPath);
        var bytes = await File.ReadAllBytesAsync(bookPath);
        File.Delete(bookPath);
        Assert.True(bytes.Length > 1000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K');

        // 執行状況: the demo's figures, then the accounting system's CSV imported on the page.
        await page.GotoAsync("/budget/execution");
        Assert.Matches("^[0-9]+\\.[0-9]%$", (await page.Locator("#execution-total-rate").InnerTextAsync()).Trim());
        await AxeAssert.NoSeriousViolationsAsync(page);
        var csvPath = Path.Combine(Path.GetTempPath(), $"osakadx-execution-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csvPath, "事業コード,節,予算現額,配当額,支出負担行為額,支出済額,調定額,収入済額\nW01-001,10,1000000,500000,400000,250000,0,0\nW01-001,12,3000000,1500000,2000000,1000000,0,0\n");
        await page.Locator("#AsOf").FillAsync("2026-09-30");
        await page.Locator("#File").SetInputFilesAsync(csvPath);
        await page.Locator("#import-execution").ClickAsync();
        File.Delete(csvPath);
        Assert.Contains("2 行を取り込み", await page.Locator("#execution-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("31.3%", (await page.Locator("#execution-total-rate").InnerTextAsync()).Trim());
        await Screenshots.SaveAsync(page, "25-budget-execution");
        await AxeAssert.NoSeriousViolationsAsync(page);
    }

    [BrowserFact]
    public async Task A_clerk_adds_sub_setsu_and_a_subsidy_rate_an_entry_and_an_attachment_to_a_draft()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "budget", "Budget-Demo-2025!");
        await page.GotoAsync("/budget");
        await page.Locator("#progress-table").GetByRole(AriaRole.Link, new() { Name = "北区役所" }).ClickAsync();
        await page.Locator("#status").SelectOptionAsync(new SelectOptionValue { Label = "作成中" });
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await page.WaitForURLAsync("**/budget/projects?*status=10*");
        await page.Locator("#projects-table tbody a").Nth(1).ClickAsync();
        await page.WaitForURLAsync("**/budget/requests/*");
        var url = page.Url;

        // A line with a 細節 and 国 1/2: the 国庫支出金 becomes the lines' shares, shown beside the funding.
        var blank = await page.Locator("#lines-table tbody tr").CountAsync() - 3;
        await page.Locator($"#line-{blank}-setsu").SelectOptionAsync(new SelectOptionValue { Label = "10 需用費" });
        await page.Locator($"#line-{blank}-sub").SelectOptionAsync(new SelectOptionValue { Label = "消耗品費" });
        await page.Locator($"#line-{blank}-item").FillAsync("トナー");
        await page.Locator($"#line-{blank}-price").FillAsync("1000");
        await page.Locator($"#line-{blank}-qty").FillAsync("10");
        await page.Locator($"#line-{blank}-times").FillAsync("1");
        await page.Locator($"#line-{blank}-rsrc").SelectOptionAsync(new SelectOptionValue { Label = "国" });
        await page.Locator($"#line-{blank}-rate").FillAsync("半分");
        await page.Locator("#save-draft").ClickAsync();
        Assert.Contains("「補助率」は「1/2」のように分数で", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator($"#line-{blank}-rate").FillAsync("1/2");
        await page.Locator("#save-draft").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        Assert.Contains("国庫支出金", await page.Locator("#fund-from-rates").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1/2", await page.Locator($"#line-{blank}-rate").InputValueAsync());
        await Screenshots.SaveAsync(page, "26-budget-rates");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A 債務負担行為: the missing period is named, then it is listed.
        await page.Locator("#entries-link").ClickAsync();
        await page.WaitForURLAsync("**/entries");
        await page.Locator("#entry-kind").SelectOptionAsync(new SelectOptionValue { Label = "債務負担行為" });
        await page.Locator("#entry-title").FillAsync("施設管理業務委託");
        await page.Locator("#entry-amount").FillAsync("3,000,000");
        await page.Locator("#save-entry").ClickAsync();
        Assert.Contains("「期間」の開始年度と終了年度", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#entry-from").FillAsync("2028");
        await page.Locator("#entry-to").FillAsync("2030");
        await page.Locator("#save-entry").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        Assert.Contains("施設管理業務委託", await page.Locator("#table-debtburden").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "27-budget-entries");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // An attachment, uploaded without JavaScript, listed with its size and downloadable.
        await page.GotoAsync(url + "/attachments");
        await page.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "見積書.pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n") });
        await page.Locator("#upload-attachment").ClickAsync();
        Assert.Equal(1, await page.Locator("#saved-banner").CountAsync());
        Assert.Contains("見積書.pdf", await page.Locator("#attachments-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "28-budget-attachments");
        await AxeAssert.NoSeriousViolationsAsync(page);
        var href = await page.Locator("#attachments-table tbody a").First.GetAttributeAsync("href");
        var download = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, download.Status);
    }

    [BrowserFact]
    public async Task The_finance_bureau_moves_ceilings_between_wards_holds_a_hearing_and_reads_the_balance()
    {
        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "examiner", "Examine-Demo-2025!");

        // シーリング: move 1百万円 between the first two 区; the 24区 total stays the same.
        await page.GotoAsync("/budget/ceilings");
        await AxeAssert.NoSeriousViolationsAsync(page);
        var wardTotal = await page.Locator("#ward-total").InnerTextAsync();
        await page.Locator("#transfer-from").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#transfer-to").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.Locator("#transfer-amount").FillAsync("1,000,000");
        await page.Locator("#transfer-submit").ClickAsync();
        Assert.Contains("「理由」を入力してください", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#transfer-from").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#transfer-to").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.Locator("#transfer-amount").FillAsync("1,000,000");
        await page.Locator("#transfer-reason").FillAsync("ヒアリングを受けた配分の調整");
        await page.Locator("#transfer-submit").ClickAsync();
        Assert.Contains("を移しました", await page.Locator("#ceiling-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(wardTotal, await page.Locator("#ward-total").InnerTextAsync());
        Assert.Contains("ヒアリングを受けた配分の調整", await page.Locator("#transfer-table").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "26-budget-ceilings");

        // The demo's what-if plan, compared with the adopted ceilings.
        await page.Locator("#plan-list a").First.ClickAsync();
        await page.WaitForURLAsync("**/budget/ceilings?*plan=*");
        Assert.Equal(1, await page.Locator("#ceiling-compare").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/budget/ceilings/board?sort=-remaining");
        Assert.Equal(1, await page.Locator("#board-table").CountAsync());
        await Screenshots.SaveAsync(page, "27-budget-ceiling-board");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // Hearing: the examiner's open threads, a reply, resolved.
        await page.GotoAsync("/budget/hearing");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#my-threads tbody a").First.ClickAsync();
        await page.WaitForURLAsync("**/hearing*");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#thread-subject").FillAsync("積算単価の確認");
        await page.Locator("#thread-body").FillAsync("単価の根拠となる見積書を添えてください。");
        await page.Locator("#start-thread").ClickAsync();
        Assert.Contains("書き込みました", await page.Locator("#hearing-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("積算単価の確認", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "「積算単価の確認」を解決済みにする" }).ClickAsync();
        Assert.Contains("解決済みにしました", await page.Locator("#hearing-banner").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "28-budget-hearing");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/budget/examiners");
        Assert.Contains("examiner2", await page.Locator("#examiner-table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/budget/balance");
        Assert.Equal(1, await page.Locator("#balance-table").CountAsync());
        await Screenshots.SaveAsync(page, "29-budget-balance");
        await AxeAssert.NoSeriousViolationsAsync(page);

        await page.GotoAsync("/budget/pivot?by=nature");
        Assert.Contains("人件費", await page.Locator("#pivot-table").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
