using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Testing;

namespace OsakaDx.Budget.Tests;

/// <summary>The fourth slice through the real host: 査定 of entries (API and page form), …</summary>
public sealed class MoreHttpTests(HttpHost host) : IClassFixture<HttpHost>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    /// <summary>A 債務負担行為 of a submitted or assessed request of a 区 (the demo examiner's charge), not yet assessed.</summary>
    private async Task<(int RequestId, RequestEntry Entry)> WardEntryAsync(EntryKind kind)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var wards = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code.StartsWith('W')).Select(o => o.Id).ToListAsync();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
        var entry = await (from e in db.Entries.AsNoTracking()
                           join r in db.Requests on e.RequestId equals r.Id
                           join p in db.Projects on r.ProjectId equals p.Id
                           where r.Year == 2027 && (r.Status == RequestStatus.Submitted || r.Status == RequestStatus.Assessed) && e.Kind == kind && e.Decision == null && wards.Contains(p.OrgUnitId)
                           orderby e.Id
                           select e).FirstAsync();
        return (entry.RequestId, entry);
    }

    [Fact]
    public async Task The_examiner_assesses_an_entry_over_the_API_and_on_the_page_and_others_are_refused()
    {
        var (id, entry) = await WardEntryAsync(EntryKind.DebtBurden);
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var url = $"/api/budget/requests/{id}/entries/{entry.Id}/assessment";

        var bad = await examiner.PostAsJsonAsync(U(url), new { version = entry.Version, decision = "Zero", assessedAmount = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ゼロ査定の査定額は0円", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync(U(url), new { version = entry.Version, decision = "Adopted", assessedAmount = 1000 })).StatusCode);
        using var examiner2 = await host.SignInAsync("examiner2", "Examine2-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await examiner2.PostAsJsonAsync(U(url), new { version = entry.Version, decision = "Adopted", assessedAmount = 1000 })).StatusCode);

        var half = entry.Amount / 2;
        Assert.Equal(HttpStatusCode.NoContent, (await examiner.PostAsJsonAsync(U(url), new { version = entry.Version, decision = "Adopted", assessedAmount = half, comment = "半額で計上" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await examiner.PostAsJsonAsync(U(url), new { version = entry.Version, decision = "Held", assessedAmount = half })).StatusCode);

        // The page shows the 査定 beside the request; the form (no JavaScript) saves a ゼロ査定 and names a bad amount first.
        var pageUrl = $"/budget/requests/{id}/entries?assess={entry.Id}";
        var page = WebUtility.HtmlDecode(await examiner.GetStringAsync(U(pageUrl)));
        Assert.Contains("半額で計上", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"eassess-{entry.Id}-amount\"", page, StringComparison.Ordinal);
        var version = await host.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<BudgetDb>().Entries.Where(e => e.Id == entry.Id).Select(e => e.Version).FirstAsync();
        Dictionary<string, string> Form(string amount) => new()
        {
            ["_handler"] = "assess", ["AssessForm.EntryId"] = entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AssessForm.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["AssessForm.Decision"] = "Zero", ["AssessForm.Amount"] = amount,
            ["AssessForm.FromYear"] = "", ["AssessForm.ToYear"] = "", ["AssessForm.Comment"] = "今年度は見送り",
        };
        var wrong = await Forms.PostAsync(examiner, pageUrl, page, Form("百円"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("「査定額」", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var saved = await Forms.PostAsync(examiner, pageUrl, page, Form("0"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = WebUtility.HtmlDecode(await examiner.GetStringAsync(U($"/budget/requests/{id}/entries?saved=assessed")));
        Assert.Contains("査定を保存しました", after, StringComparison.Ordinal);
        Assert.Contains($"<span id=\"entry-decision-{entry.Id}\">ゼロ査定</span>", after, StringComparison.Ordinal);

        // The auditor reads the 査定 but has no form.
        using var auditor = await host.SignInAsync("budgetaudit", "BudgetAudit-Demo-2025!");
        var audited = WebUtility.HtmlDecode(await auditor.GetStringAsync(U(pageUrl)));
        Assert.Contains("今年度は見送り", audited, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save-assessment\"", audited, StringComparison.Ordinal);
    }
}
