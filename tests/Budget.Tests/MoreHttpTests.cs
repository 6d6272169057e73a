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

    [Fact]
    public async Task A_what_if_plan_is_deleted_after_confirmation_but_never_the_adopted_one_and_not_by_the_clerk()
    {
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var created = await examiner.PostAsJsonAsync(U("/api/budget/ceilings/plans?year=2027"), new { name = "削除テスト案" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plans = await examiner.GetFromJsonAsync<System.Text.Json.JsonElement>(U("/api/budget/ceilings/plans?year=2027"));
        var plan = plans.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "削除テスト案");
        var id = plan.GetProperty("id").GetInt32();
        var version = plan.GetProperty("version").GetInt64();

        // The clerk: no button, 403 on the API.
        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        Assert.Contains("id=\"plan-readonly\"", await clerk.GetStringAsync(U($"/budget/ceilings/plans/{id}/delete")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.DeleteAsync(U($"/api/budget/ceilings/plans/{id}?version={version}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await examiner.DeleteAsync(U($"/api/budget/ceilings/plans/{id}?version={version + 7}"))).StatusCode);

        // The examiner confirms on the page (no JavaScript): the plan is gone, the removal audited.
        var ceilings = await examiner.GetStringAsync(U($"/budget/ceilings?year=2027&plan={id}"));
        Assert.Contains($"/budget/ceilings/plans/{id}/delete", ceilings, StringComparison.Ordinal);
        var confirm = await examiner.GetStringAsync(U($"/budget/ceilings/plans/{id}/delete"));
        Assert.Contains("削除テスト案", WebUtility.HtmlDecode(confirm), StringComparison.Ordinal);
        var deleted = await Forms.PostAsync(examiner, $"/budget/ceilings/plans/{id}/delete", confirm, new Dictionary<string, string> { ["_handler"] = "delete-plan", ["planVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("試算案を削除しました", WebUtility.HtmlDecode(await examiner.GetStringAsync(deleted.Headers.Location!)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await examiner.GetAsync(U($"/budget/ceilings/plans/{id}/delete"))).StatusCode);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<PlatformDb>().Set<OsakaDx.Platform.Audit.AuditEntry>();
            Assert.True(await audit.AnyAsync(a => a.EntityType != null && a.EntityType.Contains("CeilingPlan") && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // An adopted plan stays.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BudgetDb>();
            var adopted = new CeilingPlan { Year = 2027, Name = "採用済みテスト案", CreatedBy = "test", AdoptedAtUtc = DateTime.UtcNow, AdoptedBy = "test" };
            db.CeilingPlans.Add(adopted);
            await db.SaveChangesAsync();
            var refused = await examiner.DeleteAsync(U($"/api/budget/ceilings/plans/{adopted.Id}?version={adopted.Version}"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("採用済み", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stage_deadlines_are_edited_in_a_form_with_errors_named_and_versions_checked()
    {
        using var examiner = await host.SignInAsync("examiner", "Examine-Demo-2025!");
        var stages = await examiner.GetFromJsonAsync<System.Text.Json.JsonElement>(U("/api/budget/stages?year=2027"));
        var open = stages.GetProperty("stages").EnumerateArray().Where(s => !s.GetProperty("closed").GetBoolean()).ToList();
        var first = open[0];
        var key = first.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = await examiner.GetStringAsync(U("/budget/stages/deadlines?year=2027"));
        Assert.Contains($"id=\"deadline-{key}\"", page, StringComparison.Ordinal);
        Dictionary<string, string> Form(string date)
        {
            var form = new Dictionary<string, string> { ["_handler"] = "deadlines", ["year"] = "2027" };
            foreach (var s in open)
            {
                var k = s.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
                form[$"version-{k}"] = s.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                form[$"deadline-{k}"] = s.GetProperty("deadline").ValueKind == System.Text.Json.JsonValueKind.Null ? "" : s.GetProperty("deadline").GetString()!;
            }

            form[$"deadline-{key}"] = date;
            return form;
        }

        var bad = await Forms.PostAsync(examiner, "/budget/stages/deadlines?year=2027", page, Form("12月25日ごろ"));
        Assert.Contains($"の締切」は 2026-12-25 のように年-月-日で入力してください", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var ok = await Forms.PostAsync(examiner, "/budget/stages/deadlines?year=2027", page, Form("2027-01-15"));
        Assert.Contains("1段階の締切を保存しました", WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var after = await examiner.GetFromJsonAsync<System.Text.Json.JsonElement>(U("/api/budget/stages?year=2027"));
        Assert.Equal("2027-01-15", after.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == first.GetProperty("id").GetInt32()).GetProperty("deadline").GetString());

        // The same form again (old versions): refused, the date stays. The API answers 409 likewise, 403 for the clerk.
        var stale = await Forms.PostAsync(examiner, "/budget/stages/deadlines?year=2027", page, Form("2027-02-01"));
        Assert.Contains("他の職員が先に更新しました", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var url = $"/api/budget/stages/{key}/deadline";
        Assert.Equal(HttpStatusCode.Conflict, (await examiner.PutAsJsonAsync(U(url), new { version = first.GetProperty("version").GetInt64(), deadline = "2027-02-01" })).StatusCode);
        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PutAsJsonAsync(U(url), new { version = first.GetProperty("version").GetInt64() + 1, deadline = "2027-02-01" })).StatusCode);
    }

    [Fact]
    public async Task The_template_for_a_project_without_a_request_downloads_and_the_page_creates_the_request()
    {
        using var clerk = await host.SignInAsync("budget", "Budget-Demo-2025!");
        string code;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var ward = await scope.ServiceProvider.GetRequiredService<PlatformDb>().OrgUnits.Where(o => o.Code == "W01").Select(o => o.Id).FirstAsync();
            code = await scope.ServiceProvider.GetRequiredService<BudgetDb>().Projects.Where(p => p.OrgUnitId == ward).OrderBy(p => p.Code).Select(p => p.Code).FirstAsync();
        }

        var response = await clerk.GetAsync(U($"/api/budget/template?year=2028&jigyo={code}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        Assert.Contains("継続費", XlsxSheets.Names(xlsx));
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync(U("/api/budget/template?year=2028&jigyo=NO-SUCH"))).StatusCode);

        var page = await clerk.GetStringAsync(U("/budget/template?year=2028"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("new-template"), "_handler" },
            { new StringContent(Forms.Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(xlsx), "File", "template.xlsx" },
        };
        var imported = await clerk.PostAsync(U("/budget/template"), form);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var request = WebUtility.HtmlDecode(await clerk.GetStringAsync(imported.Headers.Location!));
        Assert.Contains("Excelテンプレートを取り込みました", request, StringComparison.Ordinal);
        Assert.Contains("2028", request, StringComparison.Ordinal);
    }
}
