using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OsakaDx.Browser.Tests.Infrastructure;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Data;

namespace OsakaDx.Browser.Tests.Journeys;

/// <summary>
/// Budget, fourth slice: the examiner 査定s a 債務負担行為 entry (a bad amount named first), deletes a
/// what-if ceiling plan after confirming, changes a stage deadline in the form; the clerk
/// opens the page for a template from last year's figures. Japanese pages, checked by axe.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class BudgetMoreJourneyTests(BrowserHost host)
{
    [BrowserFact]
    public async Task Budget_the_examiner_assesses_an_entry_deletes_a_what_if_plan_and_moves_a_deadline()
    {
        int requestId, entryId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var wards = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code.StartsWith('W')).Select(o => o.Id).ToListAsync();
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            var entry = await (from e in db.Entries
                               join r in db.Requests on e.RequestId equals r.Id
                               join p in db.Projects on r.ProjectId equals p.Id
                               where (r.Status == RequestStatus.Submitted || r.Status == RequestStatus.Assessed) && e.Kind == EntryKind.DebtBurden && e.Decision == null && wards.Contains(p.OrgUnitId)
                               orderby r.Year descending, e.Id
                               select e).FirstAsync();
            (requestId, entryId) = (entry.RequestId, entry.Id);
        }

        var page = await host.NewPageAsync();
        await using var context = page.Context;
        await Session.SignInAsync(page, "examiner", "Examine-Demo-2025!");

        // 査定 of a 債務負担行為 beside the 所属's request.
        await page.GotoAsync($"/budget/requests/{requestId}/entries");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator($"#assess-entry-{entryId}").ClickAsync();
        await page.Locator($"#eassess-{entryId}-amount").FillAsync("たくさん");
        await page.Locator("#save-assessment").ClickAsync();
        Assert.Contains("「査定額」", await page.Locator(".error-summary").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator($"#eassess-{entryId}-amount").FillAsync("1,000,000");
        await page.Locator($"#eassess-{entryId}-comment").FillAsync("限度額を精査して計上");
        await page.Locator("#save-assessment").ClickAsync();
        Assert.Contains("査定を保存しました", await page.Locator("#saved-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("計上", await page.Locator($"#entry-decision-{entryId}").InnerTextAsync());
        Assert.Equal("1,000,000", (await page.Locator($"#entry-assessed-{entryId}").InnerTextAsync()).Trim());
        await Screenshots.SaveAsync(page, "30-budget-entry-assessment");
        await AxeAssert.NoSeriousViolationsAsync(page);

        // A what-if plan made and deleted after the confirmation page.
        await page.GotoAsync("/budget/ceilings");
        await page.Locator("#plan-name").FillAsync("ジャーニー削除案");
        await page.Locator("#copy-plan").ClickAsync();
        await page.WaitForURLAsync("**/budget/ceilings?*plan=*");
        await page.Locator("#delete-plan").ClickAsync();
        await page.WaitForURLAsync("**/delete");
        Assert.Contains("ジャーニー削除案", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Locator("#confirm-delete-plan").ClickAsync();
        Assert.Contains("試算案を削除しました", await page.Locator("#plan-deleted-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("ジャーニー削除案", await page.Locator("#plan-list").InnerTextAsync(), StringComparison.Ordinal);

        // A stage deadline changed in the form (bad dates are covered by MoreHttpTests).
        await page.GotoAsync("/budget/stages");
        await page.Locator("#edit-deadlines").ClickAsync();
        await page.WaitForURLAsync("**/budget/stages/deadlines*");
        await AxeAssert.NoSeriousViolationsAsync(page);
        var first = page.Locator("input[type=date]").First;
        var date = await first.InputValueAsync() == "2027-01-20" ? "2027-01-21" : "2027-01-20"; // a date that differs from the demo's
        await first.FillAsync(date);
        await page.Locator("#save-deadlines").ClickAsync();
        Assert.Contains("1段階の締切を保存しました", await page.Locator("#deadline-banner").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(date, await page.Locator("input[type=date]").First.InputValueAsync());
        await Screenshots.SaveAsync(page, "31-budget-deadlines");
        await AxeAssert.NoSeriousViolationsAsync(page);
        await page.Context.ClearCookiesAsync();

        // The clerk: a template from last year's figures for a 事業 with no request yet.
        await Session.SignInAsync(page, "budget", "Budget-Demo-2025!");
        await page.GotoAsync("/budget/projects");
        await page.Locator("#new-template-link").ClickAsync();
        await page.WaitForURLAsync("**/budget/template*");
        Assert.Equal(1, await page.Locator("#new-template-import").CountAsync());
        await AxeAssert.NoSeriousViolationsAsync(page);
    }
}
